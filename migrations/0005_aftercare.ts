import type { Knex } from 'knex';

/**
 * After the receipt (issue 11, SPEC §1 step 5): the review decision on an application, an audit
 * trail of every post-receipt change, cancelled label shipments (a rejected application mails no
 * label) and retry timing for the notification outbox.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.timestamp('reviewed_at', { useTz: true }).nullable();
    t.text('reviewed_by').nullable();
    t.text('review_reason').nullable();
  });

  // Who did what to which application, when and why. Rows are never updated or deleted: the
  // before/after pair is the history of a registration's site and options.
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor').notNullable();
    t.text('action').notNullable()
      .checkIn(['review_approve', 'review_reject', 'change_site', 'change_options'], 'audit_log_action_check');
    t.bigInteger('application_id').notNullable().references('applications.id');
    t.text('receipt_no').notNullable();
    t.text('pack_serial').nullable();
    t.text('reason').nullable();
    t.jsonb('before').notNullable().defaultTo('{}');
    t.jsonb('after').notNullable().defaultTo('{}');
    t.index(['application_id', 'at'], 'audit_log_application_idx');
  });

  await knex.raw(`alter table label_shipments drop constraint label_shipments_status_check`);
  await knex.raw(`alter table label_shipments add constraint label_shipments_status_check check (status in ('pending', 'exported', 'cancelled'))`);

  // A failed delivery waits before its next attempt (exponential back-off); null = due now.
  await knex.schema.alterTable('notification_outbox', (t) => {
    t.timestamp('next_attempt_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notification_outbox', (t) => {
    t.dropColumn('next_attempt_at');
  });
  await knex.raw(`delete from label_shipments where status = 'cancelled'`);
  await knex.raw(`alter table label_shipments drop constraint label_shipments_status_check`);
  await knex.raw(`alter table label_shipments add constraint label_shipments_status_check check (status in ('pending', 'exported'))`);
  await knex.schema.dropTable('audit_log');
  await knex.schema.alterTable('applications', (t) => {
    t.dropColumn('reviewed_at');
    t.dropColumn('reviewed_by');
    t.dropColumn('review_reason');
  });
}
