import os from 'node:os';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Context } from '../context.js';
import { openDatabase, type Database } from '../db/openDatabase.js';
import { settleAbandonedImports } from '../db/settleAbandonedImports.js';
import { makeLogger, type Logger } from '../log.js';
import { removeReportTemporaries } from '../report/writeReportFile.js';

export interface CommandEnv {
  readonly config: Config;
  readonly log: Logger;
}

/** Config and logger for commands that need no database (`inspect`); every command's start. */
export function commandEnv(): CommandEnv {
  const config = loadConfig();
  return { config, log: makeLogger(config.logLevel) };
}

export interface ContextOptions {
  /**
   * The command imports (import, nightly): this process's runner lock (a connection of its own on
   * PostgreSQL) is taken while the start's settle runs, not after it. A failure here is left to
   * the import's own `runner.hold()`, which tries again and reports it.
   */
  readonly imports?: boolean;
}

/** Build the context (config, database, logger, clock), run `fn`, always close the database. */
export async function withContext<T>(fn: (ctx: Context) => Promise<T>, options: ContextOptions = {}): Promise<T> {
  const { config, log } = commandEnv();
  const db = await openDatabase(config, log);
  try {
    const holding = options.imports ? db.runner.hold().catch(() => undefined) : undefined;
    await settleAtStart(db, log);
    await holding;
    return await fn({ config, db, log, clock: systemClock });
  } finally {
    await db.close();
  }
}

/**
 * SPEC §7: every packreg process, at start, marks the CLI and nightly imports whose process died
 * `failed` with IMPORT_ABANDONED and removes the report temporaries such processes left on this
 * host. Uploads are left to the upload queue (serve, worker), which re-queues or fails them.
 * Never in the way of the command: on a database not migrated yet (`packreg migrate` is about to
 * run) the tables are not there, and any other trouble is logged and the command goes on.
 */
async function settleAtStart(db: Database, log: Logger): Promise<void> {
  try {
    await settleAbandonedImports(db.knex, {
      sources: ['cli', 'nightly'],
      temporaries: { host: os.hostname(), remove: removeReportTemporaries },
    }, log);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // 42P01 undefined_table, 42703 undefined_column: a schema older than migration 0007.
    if (code === '42P01' || code === '42703') log.debug({ err: error }, 'schema not migrated: abandoned imports not looked for');
    else log.warn({ err: error }, 'could not look for abandoned imports');
  }
}
