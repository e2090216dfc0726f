import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliArgv } from '../helpers/runCli.js';
import { TEST_TODAY } from '../helpers/testDatabase.js';

/** Builders shared by the nightly and worker tests (inboxes, upload files, CLI children). */

const HEADER = 'support id,pack model,pack serial,product model,product serial,service start';

/** A CSV upload with one software pack row per serial (no site or label needed: SP-SW-36). */
export function softwareRows(rows: ReadonlyArray<readonly [supportId: string, serial: string]>): string {
  return `${[HEADER, ...rows.map(([id, serial]) => `${id},SP-SW-36,${serial},EXP-5800-R120,PS-${serial},2026-12-01`)].join('\n')}\n`;
}

/** `<tmp>/inbox`, with `done/`, `failed/` and `runs/` to appear beside it. */
export async function makeInbox(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-nightly-'));
  const inbox = path.join(root, 'inbox');
  await fs.mkdir(inbox);
  return inbox;
}

/** Put a file in `inbox/<reseller>/`, last changed `ageMs` ago (default: long enough to be quiet). */
export async function dropFile(inbox: string, reseller: string, name: string, content: string | Buffer, ageMs = 10 * 60_000): Promise<string> {
  await fs.mkdir(path.join(inbox, reseller), { recursive: true });
  const file = path.join(inbox, reseller, name);
  await fs.writeFile(file, content);
  const at = new Date(Date.now() - ageMs);
  await fs.utimes(file, at, at);
  return file;
}

/** Every file under `dir`, relative, sorted (folders left out). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Start the built CLI (run `npm run build` first) with the test's import date. */
export function spawnCli(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, cliArgv(args), {
    env: { ...process.env, PACKREG_TODAY: TEST_TODAY, PACKREG_LOG_LEVEL: 'warn', DATABASE_URL: '', PACKREG_OUTBOX_CRON: 'off', PACKREG_LABELS_CRON: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return spawnCli(args, env).done;
}

/** Poll `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Put a file whose name is raw bytes (CP932, invalid UTF-8) in `inbox/<reseller>/`; quiet by default. */
export async function dropFileBytes(inbox: string, reseller: string, name: Buffer, content: string | Buffer, ageMs = 10 * 60_000): Promise<Buffer> {
  await fs.mkdir(path.join(inbox, reseller), { recursive: true });
  const file = Buffer.concat([Buffer.from(`${path.join(inbox, reseller)}/`), name]);
  await fs.writeFile(file, content);
  const at = new Date(Date.now() - ageMs);
  await fs.utimes(file, at, at);
  return file;
}

/** The raw names in `dir` (as the file system holds them), sorted by bytes. */
export async function rawNames(dir: string): Promise<Buffer[]> {
  return (await fs.readdir(dir, { encoding: 'buffer' })).sort(Buffer.compare);
}

/**
 * Run `action` once, as soon as this process has `file` open (polled in /proc/self/fd on every
 * turn of the event loop): a way to act "while packreg reads the file" without a hook in the
 * product. Resolves true when it acted, false when `stop` was called first.
 */
export function whenOpened(file: string, action: () => Promise<void> | void): { acted: Promise<boolean>; stop(): void } {
  return whenFd(file, () => true, action);
}

/**
 * Run `action` once, as soon as this process has read some of `file` through a descriptor (its
 * offset in /proc/self/fdinfo has moved): whatever packreg checks between opening and reading
 * the file is done by then. `action` should be synchronous: an asynchronous change may land after
 * the reader has finished.
 */
export function whenRead(file: string, action: () => void): { acted: Promise<boolean>; stop(): void } {
  return whenFd(file, (fd) => /^pos:\s*[1-9]/m.test(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')), action);
}

function whenFd(file: string, ready: (fd: string) => boolean, action: () => Promise<void> | void): { acted: Promise<boolean>; stop(): void } {
  const target = realpathSync(file);
  let stopped = false;
  const acted = (async () => {
    while (!stopped) {
      for (const fd of readdirSync('/proc/self/fd')) {
        let isReady = false;
        try {
          isReady = readlinkSync(`/proc/self/fd/${fd}`) === target && ready(fd);
        } catch {
          continue; // closed between the listing and the look
        }
        if (isReady) {
          await action();
          return true;
        }
      }
      await new Promise((r) => setImmediate(r));
    }
    return false;
  })();
  return { acted, stop: () => { stopped = true; } };
}
