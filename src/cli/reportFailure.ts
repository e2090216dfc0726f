import { isConnectionError } from '../db/isConnectionError.js';
import { exitCodeOf } from '../domain/fileErrors.js';
import type { Lang } from '../domain/lang.js';
import { paramText } from '../domain/paramText.js';
import { PackregError } from '../domain/PackregError.js';
import { ExitRequest } from './ExitRequest.js';

export interface FailureOutput {
  readonly lang: Lang;
  /** `--json` was given: the error also goes to stdout as `{ "error": { code, message } }` (SPEC §7). */
  readonly json: boolean;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

/**
 * Turn any error into a message and an exit code. Users see the code and a message in their
 * language, never a stack trace. With `--json` the same code and message are printed on stdout
 * as `{ "error": { code, message } }`, for scripts; the text line stays on stderr.
 */
export function reportFailure(error: unknown, output: FailureOutput): number {
  if (error instanceof ExitRequest) return error.exitCode;
  const known = asPackregError(error);
  const message = known.messageIn(output.lang);
  (output.stderr ?? process.stderr).write(`packreg: ${known.code}: ${message}\n`);
  // PLAN_CHANGED lists the rows whose outcome changed (row, before, after) for scripts too.
  const changes = Array.isArray(known.params.changes) ? { changes: known.params.changes } : {};
  if (output.json) (output.stdout ?? process.stdout).write(`${JSON.stringify({ error: { code: known.code, message, ...changes } })}\n`);
  return exitCodeOf(known.code);
}

function asPackregError(error: unknown): PackregError {
  if (error instanceof PackregError) return error;
  const detail = error instanceof Error ? error.message : paramText(error);
  // The database went away mid-run (restart, network): exit 69 like an unreachable one, not 70
  // "internal error". Whatever was committed is whole; running the command again completes it.
  if (isConnectionError(error)) return new PackregError('DATABASE_UNAVAILABLE', { detail });
  return new PackregError('INTERNAL', { detail });
}
