import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Context } from '../context.js';
import { isConnectionError } from '../db/isConnectionError.js';
import { openDatabase } from '../db/openDatabase.js';
import { exitCodeOf } from '../domain/fileErrors.js';
import { PackregError } from '../domain/PackregError.js';
import type { Lang } from '../domain/lang.js';
import { makeLogger, type Logger } from '../log.js';

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
    return await fn({ config, db, log, clock: systemClock });
  } finally {
    await db.close();
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
    const lost = new PackregError('DATABASE_UNAVAILABLE', { detail: error instanceof Error ? error.message : String(error) });
    stderr.write(`packreg: ${lost.code}: ${lost.messageIn(lang)}\n`);
    return exitCodeOf(lost.code);
  }
  const internal = new PackregError('INTERNAL', { detail: error instanceof Error ? error.message : String(error) });
  stderr.write(`packreg: ${internal.code}: ${internal.messageIn(lang)}\n`);
  if (process.env.PACKREG_DEBUG) stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  return 70;
}
