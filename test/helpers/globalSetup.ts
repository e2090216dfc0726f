import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { openPostgres, wrapPglite } from '../../src/db/openDatabase.js';
import { TYPE_PARSERS } from '../../src/db/typeParsers.js';
import { makeLogger } from '../../src/log.js';
import { adminUrl, databaseUrl, testEngines } from './testEnv.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
    pgUnavailable: string | null;
    pgliteTemplateFile: string | null;
  }
}

/**
 * Like graphile-worker's test set-up: migrate one template per engine once, then every test file
 * clones it (PostgreSQL `CREATE DATABASE … TEMPLATE`, PGlite `loadDataDir`). With CI=true an
 * unreachable PostgreSQL fails the run; locally its tests are reported as skipped, loudly.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engines = testEngines();
  const log = makeLogger('warn');
  const config = loadConfig({});
  const cleanups: Array<() => Promise<void>> = [];
  project.provide('pgTemplate', null);
  project.provide('pgUnavailable', null);
  project.provide('pgliteTemplateFile', null);

  if (engines.includes('postgres')) {
    const template = `packreg_tpl_${process.pid}`;
    try {
      const admin = await openPostgres(adminUrl(), config, log);
      await admin.knex.raw(`drop database if exists ${template}`);
      await admin.knex.raw(`create database ${template}`);
      const db = await openPostgres(databaseUrl(template), config, log);
      const { migrateLatest } = await import('../../src/db/migrate.js');
      await migrateLatest(db.knex);
      await db.close();
      project.provide('pgTemplate', template);
      cleanups.push(async () => {
        await admin.knex.raw(`drop database if exists ${template}`);
        await admin.close();
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (process.env.CI === 'true') {
        throw new Error(`PostgreSQL tests cannot run in CI: ${reason}`);
      }
      process.stderr.write(`\n*** PostgreSQL unavailable, its tests are SKIPPED: ${reason}\n\n`);
      project.provide('pgUnavailable', reason);
    }
  }

  if (engines.includes('pglite')) {
    const pglite = await PGlite.create({ parsers: TYPE_PARSERS });
    const db = await wrapPglite(pglite, log);
    const dump = await pglite.dumpDataDir('none');
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-pglite-')), 'template.tar');
    await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    project.provide('pgliteTemplateFile', file);
    cleanups.push(() => fs.rm(path.dirname(file), { recursive: true, force: true }));
  }

  return async () => {
    for (const cleanup of cleanups) await cleanup();
  };
}
