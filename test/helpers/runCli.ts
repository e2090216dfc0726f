import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PRODUCT_FLAGS } from '../../bench/productFlags.js';

export const BIN = path.resolve(import.meta.dirname, '../../bin/packreg.js');

/** node's arguments for `packreg ARGS` as installed: the V8 flags of bin/packreg.js's `#!` line first. */
export const cliArgv = (args: readonly string[]): string[] => [...PRODUCT_FLAGS, BIN, ...args];

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a child `packreg` runs with: the test's import date, no inherited database. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // Routine jobs (notifications, label exports) off unless a test turns them on: a `serve` or
  // `worker` must not write .eml files into the working directory.
  return { ...process.env, DATABASE_URL: '', PACKREG_DATA_DIR: '', PACKREG_TODAY: '2026-11-25', PACKREG_OUTBOX_CRON: 'off', PACKREG_LABELS_CRON: 'off', ...env };
}

/** Run the built CLI (dist/, built by `npm test` before vitest) to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return finish(spawn(process.execPath, cliArgv(args), { env: cliEnv(env), stdio: 'pipe' }));
}

/** Start the CLI; `kill` it when `stderr` shows `marker` (a log line), then wait for it to end. */
export function runCliUntil(args: string[], env: Record<string, string>, marker: RegExp): Promise<CliResult & { killed: boolean }> {
  const child = spawn(process.execPath, cliArgv(args), { env: cliEnv(env), stdio: 'pipe' });
  let killed = false;
  child.stderr.on('data', (d: Buffer) => {
    if (!killed && marker.test(d.toString())) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  return finish(child).then((r) => ({ ...r, killed }));
}

function finish(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
