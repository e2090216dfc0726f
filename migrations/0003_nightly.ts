import type { Knex } from 'knex';

/**
 * The nightly inbox ledger (issue 7): one row per file a reseller dropped, keyed by reseller and
 * the file's sha256, so a file is imported once whatever its name. `running` is a claim, not a
 * fact: a run killed mid-file leaves it behind and the next run (holding the per-file lock)
 * resumes the import; `done` and `failed` are final and point at the import batch whose report
 * is reused when the same bytes come back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('nightly_files', (t) => {
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.specificType('sha256', 'char(64)').notNullable();
    t.text('file_name').notNullable();
    t.text('status').notNullable().checkIn(['running', 'done', 'failed'], 'nightly_files_status_check');
    t.uuid('import_id').nullable().references('import_batches.id');
    t.text('error_code').nullable();
    t.jsonb('error_params').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('claimed_by').nullable();
    t.timestamp('claimed_at', { useTz: true }).nullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['reseller_code', 'sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('nightly_files');
}
