import type { Knex } from 'knex';

/**
 * A reseller's own settings (issue 20 items 5 and 8) and the webhook outbox.
 *
 * - `header_aliases`: saved header mappings (`packreg mapping set`, `PUT /v1/mapping`). `alias_key`
 *   is the header as the ingest compares it (NFKC, no white space, case-folded: normaliseHeader),
 *   so "S/N" and "Ｓ／Ｎ" are one alias; `header` keeps it as the reseller typed it.
 * - `reseller_webhooks`: one URL per reseller and its signing secret. The secret must be usable
 *   to sign, so it cannot be hashed like an API token: it is sealed with AES-256-GCM under
 *   PACKREG_SECRET_KEY when the operator sets one (`secret_sealed` = 'aes-256-gcm'), and never
 *   leaves the database except in a signature.
 * - `webhook_deliveries`: the transactional outbox of webhooks, one row per import and event,
 *   written in the transaction that finishes (or fails) the import; `webhook_attempts`: every
 *   delivery attempt, with at most a short excerpt of the response.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('header_aliases', (t) => {
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.text('alias_key').notNullable();
    t.text('header').notNullable();
    t.text('field_key').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['reseller_code', 'alias_key']);
  });

  await knex.schema.createTable('reseller_webhooks', (t) => {
    t.text('reseller_code').primary().references('resellers.reseller_code');
    t.text('url').notNullable();
    t.text('secret').notNullable();
    t.text('secret_sealed').notNullable().defaultTo('none').checkIn(['none', 'aes-256-gcm'], 'reseller_webhooks_sealed_check');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.uuid('import_id').notNullable().references('import_batches.id');
    t.text('event').notNullable().checkIn(['import.finished', 'import.failed', 'import.cancelled'], 'webhook_deliveries_event_check');
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending')
      .checkIn(['pending', 'sent', 'failed', 'cancelled'], 'webhook_deliveries_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).nullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.unique(['import_id', 'event'], { indexName: 'webhook_deliveries_once_key' });
    // The reseller's list, newest first (keyset on id).
    t.index(['reseller_code', 'id'], 'webhook_deliveries_reseller_idx');
  });
  await knex.raw(`create index webhook_deliveries_pending_idx on webhook_deliveries (id) where status = 'pending'`);

  await knex.schema.createTable('webhook_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('delivery_id').notNullable().references('webhook_deliveries.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.integer('http_status').nullable();
    t.text('error').nullable();
    t.text('response_excerpt').nullable();
    t.index(['delivery_id', 'id'], 'webhook_attempts_delivery_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_attempts');
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.dropTable('reseller_webhooks');
  await knex.schema.dropTable('header_aliases');
}
