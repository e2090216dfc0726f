import type { Knex } from 'knex';

/**
 * `packreg serve` (SPEC §7 HTTP, docs/http.md): API tokens per reseller (only a hash is stored),
 * and uploaded files kept in the database until their import has run. Uploads live in the
 * database rather than a directory so that any `packreg worker`, on any machine, can run the
 * import with nothing shared but the database; they are split into 1 MiB chunks so neither the
 * server nor the worker ever holds a whole file in memory.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    // sha256 of the whole token, hex. The token itself is shown once and never stored.
    t.specificType('token_hash', 'char(64)').notNullable().unique({ indexName: 'api_tokens_token_hash_key' });
    t.text('label').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.index(['reseller_code'], 'api_tokens_reseller_idx');
  });

  await knex.schema.createTable('upload_files', (t) => {
    t.uuid('import_id').primary().references('import_batches.id').onDelete('CASCADE');
    t.bigInteger('bytes').notNullable();
    t.integer('chunks').notNullable();
    // The language the reseller uploaded in: the default for that import's reports.
    t.text('lang').notNullable().defaultTo('ja');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('upload_chunks', (t) => {
    t.uuid('import_id').notNullable().references('upload_files.import_id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.binary('data').notNullable();
    t.primary(['import_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('upload_chunks');
  await knex.schema.dropTable('upload_files');
  await knex.schema.dropTable('api_tokens');
}
