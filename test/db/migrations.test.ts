import { expect, it } from 'vitest';
import { MIGRATION_CONFIG, migrateLatest, migrateRollbackAll } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

const TABLES = [
  'resellers', 'contracts', 'service_users', 'products', 'pack_models', 'pack_serials',
  'import_batches', 'applications', 'registrations', 'registration_options', 'label_shipments',
  'notification_outbox', 'import_rows', 'import_row_results',
];

describeEachEngine('migrations', (t) => {
  const tables = async () =>
    (await t().db.knex('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name')).sort();

  it('create the whole data model, and roll back to nothing, and up again', async () => {
    const knex = t().db.knex;
    expect(await tables()).toEqual(expect.arrayContaining(TABLES));
    expect(await migrateLatest(knex)).toEqual([]);

    const undone = await migrateRollbackAll(knex);
    const names = MIGRATIONS.map(([name]) => name);
    expect(undone).toEqual([...names].reverse());
    const left = (await tables()).filter((name: string) => !name.startsWith('packreg_migrations'));
    expect(left).toEqual([]);
    const sequences = await knex('information_schema.sequences').where({ sequence_schema: 'public' }).pluck('sequence_name');
    expect(sequences.filter((s: string) => s.startsWith('receipt'))).toEqual([]);

    expect(await migrateLatest(knex)).toEqual(names);
    expect(await tables()).toEqual(expect.arrayContaining(TABLES));
  });

  it('an up-to-date schema is seen in two statements, without taking the migration lock; a missing migration still runs', async () => {
    const knex = t().db.knex;
    const sql: string[] = [];
    const onQuery = (q: { sql: string }) => sql.push(q.sql);
    knex.on('query', onQuery);
    try {
      expect(await migrateLatest(knex)).toEqual([]);
      // Every embedded command opens the database through this (knex's own check: 13 statements).
      expect(sql.length).toBeLessThanOrEqual(2);
      expect(sql.join('\n')).not.toMatch(/packreg_migrations_lock/);
    } finally {
      knex.off('query', onQuery);
    }
    const last = MIGRATIONS.at(-1)![0];
    await knex.migrate.down({ ...MIGRATION_CONFIG });
    expect(await migrateLatest(knex)).toEqual([last]);
    expect(await migrateLatest(knex)).toEqual([]);
  });
});
