import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { EngineName } from '../../src/db/engines.js';
import { openEmbedded, openPostgres, type Database } from '../../src/db/openDatabase.js';
import { makeLogger } from '../../src/log.js';
import { cliArgv, cliEnv } from '../helpers/runCli.js';
import { createTestDatabase } from '../helpers/testDatabase.js';

/**
 * `PACKREG_SOAK=1` runs the long variants (more kill points, more fuzz runs, more processes);
 * the default is sized for CI (SPEC: the whole suite well inside the 90-minute limit).
 */
export const SOAK = process.env.PACKREG_SOAK === '1';

/** A database a child `packreg` process can use, how to open it from the test, and how to drop it. */
export interface CliDatabase {
  readonly engine: EngineName;
  /** Environment for `runCli`: DATABASE_URL or PACKREG_DATA_DIR. */
  readonly env: Record<string, string>;
  /** Set on PostgreSQL. */
  readonly url: string | null;
  /** Set on PGlite. */
  readonly dataDir: string | null;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh migrated PostgreSQL database, or an empty PGlite data directory (migrated on first use). */
export async function cliDatabase(engine: EngineName): Promise<CliDatabase> {
  const silent = makeLogger('silent');
  if (engine === 'postgres') {
    const t = await createTestDatabase('postgres');
    await t.db.close();
    const url = t.url!;
    return { engine, env: { DATABASE_URL: url }, url, dataDir: null, open: () => openPostgres(url, loadConfig({}), silent), drop: t.drop };
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-rel-'));
  return {
    engine,
    env: { PACKREG_DATA_DIR: dataDir },
    url: null,
    dataDir,
    open: () => openEmbedded(dataDir, loadConfig({}), silent),
    drop: () => fs.rm(dataDir, { recursive: true, force: true }),
  };
}

/** Open, run `fn`, close (PGlite: the data directory is one process's at a time). */
export async function withDb<T>(cli: CliDatabase, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await cli.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * The promises of SPEC §5 checked on the database itself: each serial registered at most once,
 * receipt numbers unique and well formed, no application without registrations, and every
 * application whole (`perApplication` registrations each, when the case has a fixed size).
 * Returns the number of registrations.
 */
export async function expectConsistent(db: Database, perApplication?: number): Promise<number> {
  const knex = db.knex;
  const [{ n, serials }] = await knex('registrations').select(knex.raw('count(*)::int as n, count(distinct pack_serial)::int as serials'));
  expect(serials).toBe(n);
  const apps: Array<{ receipt_no: string; regs: number }> = await knex('applications as a')
    .leftJoin('registrations as g', 'g.application_id', 'a.id')
    .groupBy('a.id', 'a.receipt_no')
    .select('a.receipt_no', knex.raw('count(g.id)::int as regs'));
  expect(new Set(apps.map((a) => a.receipt_no)).size).toBe(apps.length);
  for (const app of apps) {
    expect(app.receipt_no).toMatch(/^R\d{13}$/);
    expect(app.regs).toBeGreaterThan(0);
    if (perApplication !== undefined) expect(app.regs).toBe(perApplication);
  }
  return n as number;
}

export interface TcpProxy {
  readonly port: number;
  /** Destroy every open connection (both sides) now; new connections are still accepted. */
  cut(): number;
  /** Refuse new connections too (closes the listener). */
  close(): Promise<void>;
  /** Connections open right now. */
  open(): number;
}

/**
 * A tiny TCP proxy between packreg and PostgreSQL, so a test can break connections mid-import
 * without touching the machine's PostgreSQL server (other sessions' tests use it).
 */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cut = () => {
    const n = pairs.size;
    for (const [a, b] of [...pairs]) {
      // resetAndDestroy sends RST: what a crashed server or a dropped route looks like.
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    pairs.clear();
    return n;
  };
  return {
    port,
    cut,
    open: () => pairs.size,
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `url` with its host and port replaced (to go through a proxy, or to a closed port). */
export function viaPort(url: string, port: number, host = '127.0.0.1'): string {
  const u = new URL(url);
  u.hostname = host;
  u.port = String(port);
  return u.toString();
}

/** A TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function readJson<T = any>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

/**
 * Start `packreg ARGS`, let `trigger` decide when to SIGKILL it (it sees every stderr line and
 * the child; `onStart` may poll from outside), and wait for the end. `killed` says whether the kill came before a normal exit.
 */
export function runCliKilledBy(
  args: string[],
  env: Record<string, string>,
  trigger: (line: string, kill: () => void) => void,
  onStart: (kill: () => void, running: () => boolean) => void = () => undefined,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; killed: boolean }> {
  const child = spawn(process.execPath, cliArgv(args), { env: cliEnv(env), stdio: 'pipe' });
  let killed = false;
  let stderr = '';
  let pending = '';
  const kill = () => {
    if (killed || child.exitCode !== null) return;
    killed = true;
    child.kill('SIGKILL');
  };
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) trigger(line, kill);
  });
  child.stdout.resume();
  onStart(kill, () => child.exitCode === null && child.signalCode === null);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, killed })));
}
