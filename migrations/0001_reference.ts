import type { Knex } from 'knex';

/** Reference data the vendor owns (SPEC §2). Loaded only by `packreg reference load`. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('resellers', (t) => {
    t.text('reseller_code').primary();
    t.text('name').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('contracts', (t) => {
    t.text('support_id').primary();
    t.text('customer_name').notNullable();
    t.text('system_name').notNullable();
    t.text('reseller_code').notNullable().references('resellers.reseller_code');
    t.text('status').notNullable().checkIn(['active', 'expired'], 'contracts_status_check');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Validation looks contracts up by (support_id, reseller_code); the primary key covers it.
    t.index(['reseller_code'], 'contracts_reseller_idx');
  });
  await knex.raw(`alter table contracts add constraint contracts_support_id_format check (support_id ~ '^3[0-9]{8}$')`);

  await knex.schema.createTable('service_users', (t) => {
    t.text('user_id').notNullable();
    t.text('support_id').notNullable().references('contracts.support_id');
    t.text('role').notNullable().checkIn(['admin', 'deputy', 'member'], 'service_users_role_check');
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('postal_code').notNullable();
    t.text('address').notNullable();
    t.text('building').notNullable().defaultTo('');
    t.text('phone').notNullable().defaultTo('');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // One row per (user, support ID): a user may serve several support IDs (SPEC §2).
    t.primary(['support_id', 'user_id']);
    t.index(['user_id'], 'service_users_user_idx');
  });

  await knex.schema.createTable('products', (t) => {
    t.text('model').primary();
    t.text('name').notNullable();
    t.date('end_of_support').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('pack_models', (t) => {
    t.text('model').primary();
    t.text('name').notNullable();
    t.text('category').notNullable().checkIn(['hardware', 'software', 'pc', 'bundle'], 'pack_models_category_check');
    t.integer('term_months').notNullable().checkPositive('pack_models_term_positive');
    t.boolean('requires_site').notNullable();
    t.boolean('requires_label').notNullable();
    t.boolean('options_allowed').notNullable();
    t.boolean('manual_review').notNullable();
    // Product models, exact or with a trailing `*` prefix wildcard (SPEC §2).
    t.specificType('eligible_products', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('pack_serials', (t) => {
    t.text('serial').primary();
    t.text('pack_model').notNullable().references('pack_models.model');
    t.index(['pack_model'], 'pack_serials_model_idx');
    // Target of registrations' (pack_serial, pack_model) key: a registration's model is the
    // model the serial was issued for, by construction.
    t.unique(['serial', 'pack_model'], { indexName: 'pack_serials_serial_model_key' });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['pack_serials', 'pack_models', 'products', 'service_users', 'contracts', 'resellers']) {
    await knex.schema.dropTable(table);
  }
}
