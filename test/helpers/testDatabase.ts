import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { fixedClock, type Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import type { EngineName } from '../../src/db/engines.js';
import { openPostgres, wrapPglite, type Database } from '../../src/db/openDatabase.js';
import { TYPE_PARSERS } from '../../src/db/typeParsers.js';
import { makeLogger } from '../../src/log.js';
import { adminUrl, databaseUrl, testEngines } from './testEnv.js';

export interface TestDatabase {
  readonly engine: EngineName;
  readonly db: Database;
  /** Set for PostgreSQL: lets a test start a second process or pool on the same database. */
  readonly url: string | null;
  /** A context for stages: test config (import date fixed), quiet logger, fixed clock. */
  context(overrides?: { config?: Partial<Config>; clock?: Clock }): Context;
}

export const TEST_TODAY = '2026-11-25';

export function testConfig(overrides: Partial<Config> = {}): Config {
  // Routine jobs off: a test that wants them says so (test/db/schedule.test.ts).
  return { ...loadConfig({ PACKREG_TODAY: TEST_TODAY, PACKREG_OUTBOX_CRON: 'off', PACKREG_LABELS_CRON: 'off' }), ...overrides };
}

/** A fresh, migrated database of `engine`, private to the calling test file. */
export async function createTestDatabase(engine: EngineName): Promise<TestDatabase & { drop(): Promise<void> }> {
  const log = makeLogger(process.env.PACKREG_TEST_LOG ?? 'silent');
  const config = testConfig();
  const make = (db: Database, url: string | null, drop: () => Promise<void>) => ({
    engine,
    db,
    url,
    drop,
    context: (o: { config?: Partial<Config>; clock?: Clock } = {}): Context => ({
      config: testConfig(o.config),
      db,
      log,
      clock: o.clock ?? fixedClock(`${TEST_TODAY}T03:00:00Z`),
    }),
  });
  if (engine === 'postgres') {
    const template = inject('pgTemplate');
    if (!template) throw new Error(`PostgreSQL unavailable: ${inject('pgUnavailable') ?? 'not set up'}`);
    const name = `packreg_t_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgres(adminUrl(), config, log);
    await admin.knex.raw(`create database ${name} template ${template}`);
    const url = databaseUrl(name);
    const db = await openPostgres(url, config, log);
    return make(db, url, async () => {
      await db.close();
      await admin.knex.raw(`drop database if exists ${name} with (force)`);
      await admin.close();
    });
  }
  const file = inject('pgliteTemplateFile');
  if (!file) throw new Error('PGlite template not set up');
  const pglite = await PGlite.create({ parsers: TYPE_PARSERS, loadDataDir: new Blob([await fs.readFile(file)]) });
  const db = await wrapPglite(pglite, log);
  return make(db, null, () => db.close());
}

/**
 * `describe` once per engine (STYLE.md: the same test code on PostgreSQL and PGlite). The body
 * gets a getter for this file's database, created before and dropped after the block.
 */
export function describeEachEngine(name: string, body: (t: () => TestDatabase) => void): void {
  for (const engine of testEngines()) {
    const skip = engine === 'postgres' && inject('pgUnavailable') !== null;
    (skip ? describe.skip : describe)(`${name} [${engine}]`, () => {
      let current: (TestDatabase & { drop(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(engine);
      });
      afterAll(async () => {
        await current?.drop();
      });
      body(() => {
        if (!current) throw new Error('test database not ready');
        return current;
      });
    });
  }
}
