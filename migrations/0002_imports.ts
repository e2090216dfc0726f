import type { Knex } from 'knex';

/**
 * What packreg writes (SPEC §5, §6): import batches and their per-row results, applications with
 * receipt numbers, registrations (serial uniqueness is the database's job), options, label
 * shipments and the notification outbox.
 */
export async function up(knex: Knex): Promise<void> {
  // Receipt numbers come from the database, never from memory (SPEC §5): R + YYMMDD (Asia/Tokyo)
  // + a 7-digit sequence. The sequence cycles after 9,999,999; the date prefix and the unique
  // constraint keep numbers distinct.
  await knex.raw(`create sequence receipt_no_seq minvalue 1 maxvalue 9999999 cycle`);
  await knex.raw(`
    create function next_receipt_no() returns text language sql volatile as $$
      select 'R' || to_char(now() at time zone 'Asia/Tokyo', 'YYMMDD')
                 || lpad(nextval('receipt_no_seq')::text, 7, '0')
    $$`);

  await knex.schema.createTable('import_batches', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.text('file_name').notNullable();
    t.specificType('sha256', 'char(64)').nullable();
    t.text('source').notNullable().defaultTo('cli').checkIn(['cli', 'nightly', 'http'], 'import_batches_source_check');
    t.jsonb('options').notNullable().defaultTo('{}');
    t.text('status').notNullable().defaultTo('queued')
      .checkIn(['queued', 'running', 'finished', 'failed'], 'import_batches_status_check');
    t.jsonb('file_facts').nullable();
    t.jsonb('progress').notNullable().defaultTo('{}');
    for (const count of ['rows', 'registered', 'pending_review', 'already_registered', 'rejected', 'held', 'valid', 'applications']) {
      t.integer(`count_${count}`).notNullable().defaultTo(0);
    }
    t.text('error_code').nullable();
    t.jsonb('error_params').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true }).nullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    // "Has this reseller imported this exact file before?" (nightly exactly-once, reports reused).
    t.index(['reseller_code', 'sha256'], 'import_batches_file_idx');
    t.index(['status', 'created_at'], 'import_batches_status_idx');
  });

  await knex.schema.createTable('applications', (t) => {
    t.bigIncrements('id').primary();
    t.text('receipt_no').notNullable().unique({ indexName: 'applications_receipt_no_key' })
      .defaultTo(knex.raw('next_receipt_no()'));
    t.uuid('import_id').notNullable().references('import_batches.id');
    t.text('support_id').notNullable().references('contracts.support_id');
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.text('status').notNullable()
      .checkIn(['completed', 'under_review', 'rejected'], 'applications_status_check');
    t.text('label_recipient_user_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['import_id'], 'applications_import_idx');
    t.index(['support_id'], 'applications_support_id_idx');
    // Target of registrations' composite key (see there).
    t.unique(['id', 'support_id', 'import_id'], { indexName: 'applications_id_support_import_key' });
  });
  await knex.raw(`alter table applications add constraint applications_receipt_no_format check (receipt_no ~ '^R[0-9]{13}$')`);

  await knex.schema.createTable('registrations', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('application_id').notNullable();
    t.text('pack_serial').notNullable();
    t.text('pack_model').notNullable();
    t.text('support_id').notNullable();
    t.text('product_model').notNullable().references('products.model');
    t.text('product_serial').notNullable().defaultTo('');
    t.date('service_start').notNullable();
    t.date('service_end').notNullable();
    t.date('requested_service_end').nullable();
    t.boolean('end_clamped').notNullable().defaultTo(false);
    t.text('site_name').notNullable().defaultTo('');
    t.text('site_postal_code').notNullable().defaultTo('');
    t.text('site_address').notNullable().defaultTo('');
    t.text('site_building').notNullable().defaultTo('');
    t.text('site_phone').notNullable().defaultTo('');
    t.uuid('import_id').notNullable();
    // The import row it came from: (import_id, import_seq) is import_rows' key.
    t.integer('import_seq').notNullable();
    t.integer('source_row').notNullable();
    // Set when a review rejects the application: the serial is free again (issue 11).
    t.timestamp('released_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['application_id'], 'registrations_application_idx');
    t.index(['support_id'], 'registrations_support_id_idx');
    // From an import row to what it registered (commit bookkeeping, "did it land?").
    t.index(['import_id', 'import_seq'], 'registrations_import_row_idx');
    // Composite keys: each is one foreign-key check per row instead of two or three (a
    // registration insert spent most of its time in FK triggers), and each says more than the
    // single keys did — the registration's support ID and import are its application's, and its
    // pack model is the one the serial was issued for.
    t.foreign(['application_id', 'support_id', 'import_id'], 'registrations_application_fk')
      .references(['id', 'support_id', 'import_id']).inTable('applications');
    t.foreign(['pack_serial', 'pack_model'], 'registrations_pack_serial_fk')
      .references(['serial', 'pack_model']).inTable('pack_serials');
  });
  // The last word on "registered twice": two imports racing on one serial cannot both win.
  await knex.raw(`create unique index registrations_pack_serial_key on registrations (pack_serial) where released_at is null`);
  await knex.raw(`alter table registrations add constraint registrations_service_period check (service_end >= service_start)`);

  await knex.schema.createTable('registration_options', (t) => {
    t.bigInteger('registration_id').notNullable().references('registrations.id').onDelete('CASCADE');
    t.text('option_model').notNullable();
    t.integer('quantity').notNullable();
    t.primary(['registration_id', 'option_model']);
  });
  await knex.raw(`alter table registration_options add constraint registration_options_quantity check (quantity between 1 and 99)`);

  await knex.schema.createTable('label_shipments', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('application_id').notNullable().unique({ indexName: 'label_shipments_application_key' })
      .references('applications.id');
    t.text('recipient_user_id').notNullable();
    t.text('recipient_name').notNullable();
    t.text('postal_code').notNullable();
    t.text('address').notNullable();
    t.text('building').notNullable().defaultTo('');
    t.text('phone').notNullable().defaultTo('');
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'exported'], 'label_shipments_status_check');
    t.timestamp('exported_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`create index label_shipments_pending_idx on label_shipments (created_at) where status = 'pending'`);

  await knex.schema.createTable('notification_outbox', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('application_id').notNullable().references('applications.id');
    t.text('recipient_user_id').notNullable();
    t.text('email').notNullable();
    t.text('kind').notNullable().defaultTo('application_received');
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sent', 'failed'], 'notification_outbox_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['application_id', 'recipient_user_id', 'kind'], { indexName: 'notification_outbox_once_key' });
  });
  await knex.raw(`create index notification_outbox_pending_idx on notification_outbox (created_at) where status = 'pending'`);

  // Per-row results, so a report can be rebuilt later (`packreg report IMPORT_ID`). Rows are staged
  // here as they are validated; the commit then works set-based from this table, so a large file
  // never has to sit in the importer's memory. Findings are stored as codes and params, and
  // rendered into a language when a report is written.
  await knex.schema.createTable('import_rows', (t) => {
    t.uuid('import_id').notNullable().references('import_batches.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.text('sheet').nullable();
    t.integer('row_number').notNullable();
    t.text('status').notNullable()
      .checkIn(['registered', 'pending_review', 'already_registered', 'rejected', 'held', 'valid'], 'import_rows_status_check');
    t.text('support_id').notNullable().defaultTo('');
    t.text('pack_model').notNullable().defaultTo('');
    t.text('pack_serial').notNullable().defaultTo('');
    t.text('product_model').notNullable().defaultTo('');
    t.text('product_serial').notNullable().defaultTo('');
    t.date('service_start').nullable();
    t.date('requested_service_end').nullable();
    // The effective end: given or defaulted, then clamped to the product's end of support.
    t.date('service_end').nullable();
    t.boolean('end_clamped').notNullable().defaultTo(false);
    t.text('site_name').notNullable().defaultTo('');
    t.text('site_postal_code').notNullable().defaultTo('');
    t.text('site_address').notNullable().defaultTo('');
    t.text('site_building').notNullable().defaultTo('');
    t.text('site_phone').notNullable().defaultTo('');
    t.jsonb('options').notNullable().defaultTo('[]');
    t.text('label_recipient').notNullable().defaultTo('');
    t.boolean('needs_label').notNullable().defaultTo(false);
    t.boolean('manual_review').notNullable().defaultTo(false);
    t.text('receipt_no').nullable();
    t.jsonb('errors').notNullable().defaultTo('[]');
    t.jsonb('warnings').notNullable().defaultTo('[]');
    t.jsonb('cells').notNullable().defaultTo('[]');
    t.primary(['import_id', 'seq']);
    t.index(['import_id', 'support_id'], 'import_rows_application_idx');
    t.index(['import_id', 'pack_serial'], 'import_rows_serial_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['import_rows', 'notification_outbox', 'label_shipments', 'registration_options', 'registrations', 'applications', 'import_batches']) {
    await knex.schema.dropTable(table);
  }
  await knex.raw('drop function next_receipt_no()');
  await knex.raw('drop sequence receipt_no_seq');
}
