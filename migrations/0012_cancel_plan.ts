import type { Knex } from 'knex';

/**
 * Issue 20 items 4 and 6: cancelling an import, and committing exactly what a dry run previewed.
 *
 * - `import_batches.status` gains `cancelled`: a queued import cancelled before it ran, or a
 *   running one stopped at a commit-group boundary (its committed applications stand).
 * - `import_cancel_requests`: "stop this import", written by `cancelImport` (any process: the
 *   server, `packreg imports cancel` on another machine) and read by the importer once per commit
 *   group — the request lives in the database because the importer may be another process.
 * - `import_plans` / `import_plan_rows`: what a finished dry run previewed — the file (sha256),
 *   options and reseller, and each row's outcome (status, codes, support ID, receipt, service
 *   end). A commit with `--plan` compares its own outcomes with these rows before committing
 *   (src/preview/). `committed_by` is the import that took the plan: a plan is committed once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table import_batches drop constraint import_batches_status_check');
  await knex.raw(`alter table import_batches add constraint import_batches_status_check
                  check (status in ('queued', 'running', 'finished', 'failed', 'cancelled'))`);

  await knex.schema.createTable('import_cancel_requests', (t) => {
    t.uuid('import_id').primary().references('import_batches.id').onDelete('CASCADE');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('import_plans', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // The dry run that made the plan (one plan per dry run).
    t.uuid('import_id').notNullable().unique({ indexName: 'import_plans_import_key' })
      .references('import_batches.id').onDelete('CASCADE');
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.specificType('sha256', 'char(64)').notNullable();
    // { atomicity, sheet, encoding }: what must be the same when the plan is committed.
    t.jsonb('options').notNullable();
    t.integer('rows').notNullable();
    t.uuid('committed_by').nullable().references('import_batches.id').onDelete('SET NULL');
    t.timestamp('committed_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['committed_by'], 'import_plans_committed_by_idx');
  });

  await knex.schema.createTable('import_plan_rows', (t) => {
    t.uuid('plan_id').notNullable().references('import_plans.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.text('sheet').nullable();
    t.integer('row_number').notNullable();
    t.text('status').notNullable();
    // Error and warning codes, sorted, comma-separated.
    t.text('codes').notNullable();
    // support ID | receipt | service end: the rest of what "the same outcome" means.
    t.text('detail').notNullable();
    t.primary(['plan_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_plan_rows');
  await knex.schema.dropTable('import_plans');
  await knex.schema.dropTable('import_cancel_requests');
  await knex('import_batches').where({ status: 'cancelled' }).update({ status: 'failed' });
  await knex.raw('alter table import_batches drop constraint import_batches_status_check');
  await knex.raw(`alter table import_batches add constraint import_batches_status_check
                  check (status in ('queued', 'running', 'finished', 'failed'))`);
}
