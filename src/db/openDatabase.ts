import fs from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config.js';
import { paramText } from '../domain/paramText.js';
import { PackregError } from '../domain/PackregError.js';
import type { Logger } from '../log.js';
import { tuneV8 } from '../tuneV8.js';
import { acquireEmbeddedLock, type EmbeddedLock } from './embeddedLock.js';
import { ENGINE_PROFILES, type EngineProfile } from './engines.js';
import { makeImportRunner, type ImportRunner } from './importRunner.js';
import { migrateLatest } from './migrate.js';
import { TYPE_PARSERS } from './typeParsers.js';

/** An open database: the knex port, what the engine can do, and how to let go of it. */
export interface Database {
  readonly knex: Knex;
  readonly engine: EngineProfile;
  /** This process as the runner of imports: its liveness lock (SPEC §7 IMPORT_ABANDONED). */
  readonly runner: ImportRunner;
  close(): Promise<void>;
}

/** PostgreSQL when `DATABASE_URL` is set (SPEC §7); otherwise the embedded database. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config, log)
    : openEmbedded(config.dataDir, config, log);
}

export async function openPostgres(url: string, config: Config, log: Logger): Promise<Database> {
  const engine = ENGINE_PROFILES.postgres;
  // Each engine's driver is loaded only when that engine is opened: a PostgreSQL command never
  // loads PGlite (~0.4 s, issue 19), an embedded one never loads pg.
  const pg = (await import('pg')).default;
  const pgTypeParser = (oid: number, format?: string): ((value: string) => unknown) =>
    // packreg's parsers first; pg's own for every other type.
    TYPE_PARSERS[oid] ?? (pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format);
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: 'packreg',
      types: { getTypeParser: (oid: number, format?: string) => pgTypeParser(oid, format) },
    },
    pool: {
      min: 0,
      max: engine.poolMax(config),
      // knex's pg dialect already listens for 'error' and 'end' on each connection and discards a
      // broken one; this logs it, so a server restart is an error in the log, never a crash.
      afterCreate: (connection: NodeJS.EventEmitter, done: (err: Error | null, c: unknown) => void) => {
        connection.on('error', (error: Error) => log.error({ err: error }, 'PostgreSQL connection lost'));
        done(null, connection);
      },
    },
    acquireConnectionTimeout: 30_000,
    log: knexLog(log),
  });
  try {
    await knex.raw('select 1');
  } catch (error) {
    await knex.destroy().catch(() => undefined);
    throw new PackregError('DATABASE_UNAVAILABLE', { detail: paramText(error) }, { cause: error });
  }
  // Once pg and the built-ins it loads are compiled (src/tuneV8.ts).
  tuneV8();
  if (engine.migrateOnOpen) await migrateLatest(knex);
  const runner = makeImportRunner(engine, knex, log);
  return {
    knex,
    engine,
    runner,
    async close() {
      // Independent sessions: each waits for its backend to end, so end them together.
      await Promise.all([runner.close(), knex.destroy()]);
    },
  };
}

/**
 * The embedded database in `dataDir`, held by this process alone and migrated on first use.
 * PGlite is given the directory's real path: its own file system layer fails on a symlink in the
 * path (an emscripten ErrnoError, once reported as DATABASE_CORRUPT "[object Object]", issue 15).
 */
export async function openEmbedded(dataDir: string, config: Config, log: Logger): Promise<Database> {
  const lock = await acquireEmbeddedLock(dataDir, (detail) => log.error({ dataDir, detail }, 'embedded database lock lost'));
  let pglite: PGlite;
  try {
    await refuseDirectoryWithoutVersion(lock.dir);
    // Before PGlite compiles its WebAssembly (src/tuneV8.ts).
    tuneV8();
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = await PGlite.create(lock.dir, { parsers: TYPE_PARSERS });
  } catch (error) {
    await lock.release();
    throw new PackregError('DATABASE_CORRUPT', { dir: dataDir, detail: paramText(error) }, { cause: error });
  }
  log.debug({ dataDir }, 'embedded database opened');
  return wrapPglite(pglite, log, lock);
}

/**
 * PGlite runs initdb over a directory without `PG_VERSION`, silently replacing whatever database
 * was there (test/reliability/embeddedRecovery.test.ts). Its own first write puts PG_VERSION
 * first, so database files without it mean a damaged directory: refuse it, never wipe it.
 */
async function refuseDirectoryWithoutVersion(dataDir: string): Promise<void> {
  const exists = (name: string) => fs.stat(path.join(dataDir, name)).then(() => true, () => false);
  if ((await exists('PG_VERSION')) || !((await exists('base')) || (await exists('global')))) return;
  throw new Error('PG_VERSION is missing but database files are present');
}

/** An already open PGlite (tests: an in-memory copy of a migrated template). */
export async function wrapPglite(pglite: PGlite, log: Logger, lock?: EmbeddedLock): Promise<Database> {
  const engine = ENGINE_PROFILES.pglite;
  const ClientPgLite = (await import('knex-pglite')).default;
  const knex = knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    connection: { pglite },
    log: knexLog(log),
  } as Knex.Config);
  try {
    if (engine.migrateOnOpen) await migrateLatest(knex);
  } catch (error) {
    await knex.destroy().catch(() => undefined);
    await lock?.release();
    throw error;
  }
  const runner = makeImportRunner(engine, knex, log);
  return {
    knex,
    engine,
    runner,
    async close() {
      await runner.close();
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      await lock?.release();
    },
  };
}

/**
 * knex writes its warnings with console.log; send them to the JSON log instead. knex puts a whole
 * stack trace into some of them ("Acquire connection error: Error: connect ECONNREFUSED … at
 * TCPConnectWrap…"): only the first line is logged at warn and error, so a database that cannot
 * be reached is one line in the log, not a stack trace (issue 17); debug keeps everything.
 */
function knexLog(log: Logger): Knex.Config['log'] {
  const firstLine = (message: unknown) => (typeof message === 'string' ? message.split('\n')[0] : message);
  return {
    warn: (message: unknown) => log.warn({ knex: firstLine(message) }, 'knex warning'),
    error: (message: unknown) => log.error({ knex: firstLine(message) }, 'knex error'),
    deprecate: (message: unknown) => log.debug({ knex: message }, 'knex deprecation'),
    debug: (message: unknown) => log.debug({ knex: message }, 'knex debug'),
  };
}
