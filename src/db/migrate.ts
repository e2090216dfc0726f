import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations/index.js';

/** knex reads migrations from this list instead of scanning a folder (see migrations/index.ts). */
const migrationSource: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

export const MIGRATION_CONFIG: Knex.MigratorConfig = {
  migrationSource,
  tableName: 'packreg_migrations',
  // Each migration in its own transaction on both engines.
  disableTransactions: false,
};

/** Bring the schema up to date; returns the names of the migrations that ran. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, names] = (await knex.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
  return names;
}

/** Undo every migration (tests of `down`, and an operator's escape hatch). */
export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, names] = (await knex.migrate.rollback(MIGRATION_CONFIG, true)) as [number, string[]];
  return names;
}
