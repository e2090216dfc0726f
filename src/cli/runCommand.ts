import os from 'node:os';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Context } from '../context.js';
import { isConnectionError } from '../db/isConnectionError.js';
import { openDatabase, type Database } from '../db/openDatabase.js';
import { settleAbandonedImports } from '../db/settleAbandonedImports.js';
import { exitCodeOf } from '../domain/fileErrors.js';
import { paramText } from '../domain/paramText.js';
import { PackregError } from '../domain/PackregError.js';
import type { Lang } from '../domain/lang.js';
import { makeLogger, type Logger } from '../log.js';
import { removeReportTemporaries } from '../report/writeReport.js';

/** Thrown by a command that has finished and only wants the process to exit with a code. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export interface CommandEnv {
  readonly config: Config;
  readonly log: Logger;
}

/** Config and logger for commands that need no database (`inspect`). */
export function commandEnv(): CommandEnv {
  const config = loadConfig();
  return { config, log: makeLogger(config.logLevel) };
}

/** Build the context (config, database, logger, clock), run `fn`, always close the database. */
export async function withContext<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const { config, log } = commandEnv();
  const db = await openDatabase(config, log);
  try {
    await settleAtStart(db, log);
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

/**
 * Turn any error into a message and an exit code. Users see the code and a message in their
 * language, never a stack trace; the stack goes to the (JSON, stderr) log at debug level.
 */
export function reportFailure(error: unknown, lang: Lang, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof ExitRequest) return error.exitCode;
  if (error instanceof PackregError) {
    stderr.write(`packreg: ${error.code}: ${error.messageIn(lang)}\n`);
    return exitCodeOf(error.code);
  }
  if (isConnectionError(error)) {
    // The database went away mid-run (restart, network): exit 69 like an unreachable one, not 70
    // "internal error". Whatever was committed is whole; running the command again completes it.
    const lost = new PackregError('DATABASE_UNAVAILABLE', { detail: error instanceof Error ? error.message : paramText(error) });
    stderr.write(`packreg: ${lost.code}: ${lost.messageIn(lang)}\n`);
    return exitCodeOf(lost.code);
  }
  const internal = new PackregError('INTERNAL', { detail: error instanceof Error ? error.message : paramText(error) });
  stderr.write(`packreg: ${internal.code}: ${internal.messageIn(lang)}\n`);
  if (process.env.PACKREG_DEBUG) stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  return 70;
}
