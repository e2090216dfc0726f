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
  if (await upToDate(knex)) return [];
  const [, names] = (await knex.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
  return names;
}

/**
 * Whether exactly the known migrations have run, in order: two statements. The embedded database
 * migrates itself on every open, and knex's own check takes 13 (the information schema, the lock
 * taken and released): ≈ 0.1 s of every embedded command (BENCHMARKS.md, tenth round). Anything
 * else — a new database, a migration missing, one this packreg does not know — goes to knex.
 */
async function upToDate(knex: Knex): Promise<boolean> {
  const table = MIGRATION_CONFIG.tableName!;
  const present = await knex.raw<{ rows: Array<{ ok: boolean }> }>('select to_regclass(?) is not null as ok', [table]);
  if (present.rows[0]?.ok !== true) return false;
  const done = (await knex(table).orderBy('id').pluck('name')) as string[];
  return done.length === MIGRATIONS.length && done.every((name, i) => name === MIGRATIONS[i]![0]);
}

/** Undo every migration (tests of `down`, and an operator's escape hatch). */
export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, names] = (await knex.migrate.rollback(MIGRATION_CONFIG, true)) as [number, string[]];
  return names;
}
