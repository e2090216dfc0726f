import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openEmbedded } from '../../src/db/openDatabase.js';
import { makeLogger } from '../../src/log.js';
import { writeLargeCase } from '../helpers/largeReference.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/packreg.js');

function runCli(args: string[], env: Record<string, string>, wrapper: string[] = []): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const [command, ...rest] = [...wrapper, process.execPath, BIN, ...args];
    const child = spawn(command!, rest, { env: { ...process.env, PACKREG_TODAY: '2026-11-25', ...env, DATABASE_URL: '' }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A process that opens the embedded database and holds it until killed. */
function holdDatabase(dataDir: string): Promise<{ kill: (signal: NodeJS.Signals) => Promise<void> }> {
  const script = `
    const { loadConfig } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../dist/src/config.js'))});
    const { makeLogger } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../dist/src/log.js'))});
    const { openDatabase } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../dist/src/db/openDatabase.js'))});
    const db = await openDatabase(loadConfig(), makeLogger('silent'));
    await db.knex.raw('select 1');
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PACKREG_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        resolve({
          kill: (signal) => new Promise((done) => { child.once('close', () => done()); child.kill(signal); }),
        });
      }
    });
    child.once('close', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe('embedded database lock (two processes)', () => {
  it('gives the second process DATABASE_LOCKED, and the directory opens again once the first is gone — even after SIGKILL', { timeout: 240_000 }, async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-lock-'));
    const holder = await holdDatabase(dataDir);
    const second = await runCli(['migrate'], { PACKREG_DATA_DIR: dataDir });
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(/DATABASE_LOCKED/);
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace

    // An unclean death releases the lock (the kernel closes the socket); the data opens cleanly.
    await holder.kill('SIGKILL');
    const third = await runCli(['migrate'], { PACKREG_DATA_DIR: dataDir });
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});

const run = promisify(execFile);

/** Registrations in the embedded database at `dataDir` (opened in this process, then closed). */
async function registrations(dataDir: string): Promise<number> {
  const db = await openEmbedded(dataDir, loadConfig({}), makeLogger('silent'));
  try {
    return Number((await db.knex('registrations').count({ n: '*' }))[0]?.n);
  } finally {
    await db.close();
  }
}

/**
 * Issue 15: the lock was an abstract socket named after the directory's real path, so a second
 * path to the same directory (a bind mount, a container's volume) was a second lock: two processes
 * opened one PGlite directory and the first import's registrations vanished. Every path to the
 * directory, and every network namespace, must meet the same lock.
 */
describe('embedded database lock through other paths to the same directory', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  /** A directory with one committed import, and the number of registrations it made (made once, shared). */
  let imported: Promise<{ dataDir: string; registered: number }> | null = null;
  const importedDirectory = () => (imported ??= makeImportedDirectory());
  const makeImportedDirectory = async (): Promise<{ dataDir: string; registered: number }> => {
    const { referenceDir, upload, rows } = await writeLargeCase(10, 5);
    cleanups.push(() => fs.rm(referenceDir, { recursive: true, force: true }), () => fs.rm(path.dirname(upload), { recursive: true, force: true }));
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-lockpaths-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    expect((await runCli(['reference', 'load', referenceDir], { PACKREG_DATA_DIR: dataDir })).code).toBe(0);
    const first = await runCli(['import', upload, '--reseller', 'RS001', '--quiet'], { PACKREG_DATA_DIR: dataDir });
    expect(first.code, first.stderr).toBe(0);
    expect(await registrations(dataDir)).toBe(rows);
    return { dataDir, registered: rows };
  };

  /** While a holder has the directory through `dataDir`, `packreg import` through `other` gets exit 75. */
  let upload: Promise<string> | null = null;
  const anUpload = () => (upload ??= writeLargeCase(10, 5).then((c) => {
    cleanups.push(() => fs.rm(path.dirname(c.upload), { recursive: true, force: true }), () => fs.rm(c.referenceDir, { recursive: true, force: true }));
    return c.upload;
  }));
  const expectLockedThrough = async (dataDir: string, other: string, wrapper: string[] = []) => {
    const upload = await anUpload();
    const holder = await holdDatabase(dataDir);
    try {
      const second = await runCli(['import', upload, '--reseller', 'RS001', '--quiet'], { PACKREG_DATA_DIR: other, PACKREG_LANG: 'en' }, wrapper);
      expect(second.stderr).toMatch(/^packreg: DATABASE_LOCKED: /m);
      expect(second.code).toBe(75);
    } finally {
      await holder.kill('SIGTERM');
    }
  };

  it('a symlinked PACKREG_DATA_DIR opens (no DATABASE_CORRUPT, no [object Object]) and holds the same data', { timeout: 300_000 }, async () => {
    const { dataDir, registered } = await importedDirectory();
    const link = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-link-')), 'data');
    cleanups.push(() => fs.rm(path.dirname(link), { recursive: true, force: true }));
    await fs.symlink(dataDir, link);
    const through = await runCli(['migrate'], { PACKREG_DATA_DIR: link, PACKREG_LANG: 'en' });
    expect(through.stderr).not.toMatch(/object Object|DATABASE_CORRUPT/);
    expect(through.stderr).toBe('');
    expect(through.code).toBe(0);
    expect(await registrations(link)).toBe(registered);
    // A new directory made through a symlink to an empty folder works too.
    const emptyTarget = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-empty-'));
    cleanups.push(() => fs.rm(emptyTarget, { recursive: true, force: true }));
    const emptyLink = path.join(path.dirname(link), 'fresh');
    await fs.symlink(emptyTarget, emptyLink);
    const fresh = await runCli(['migrate'], { PACKREG_DATA_DIR: emptyLink });
    expect(fresh.stderr).toBe('');
    expect(fresh.code).toBe(0);
  });

  it('a second process through a symlink gets DATABASE_LOCKED; the first import is intact', { timeout: 300_000 }, async () => {
    const { dataDir, registered } = await importedDirectory();
    const link = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-link-')), 'data');
    cleanups.push(() => fs.rm(path.dirname(link), { recursive: true, force: true }));
    await fs.symlink(dataDir, link);
    await expectLockedThrough(dataDir, link);
    await expectLockedThrough(link, dataDir);
    expect(await registrations(dataDir)).toBe(registered);
  });

  it('a second process through a bind mount gets DATABASE_LOCKED; the first import is intact', { timeout: 300_000 }, async (ctx) => {
    const { dataDir, registered } = await importedDirectory();
    const mountPoint = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-bind-'));
    cleanups.push(() => fs.rm(mountPoint, { recursive: true, force: true }));
    try {
      await run('mount', ['--bind', dataDir, mountPoint]);
    } catch (error) {
      // Needs root (CAP_SYS_ADMIN); CI runs as root on this machine kind.
      if (process.env.CI === 'true') throw error;
      console.warn(`SKIPPED: cannot bind-mount here (${(error as Error).message.split('\n')[0]})`);
      ctx.skip();
      return;
    }
    cleanups.push(() => run('umount', [mountPoint]));
    await expectLockedThrough(dataDir, mountPoint);
    await expectLockedThrough(mountPoint, dataDir);
    expect(await registrations(mountPoint)).toBe(registered);
  });

  it('a second process in another network namespace (a container sharing the volume) gets DATABASE_LOCKED', { timeout: 300_000 }, async (ctx) => {
    const { dataDir, registered } = await importedDirectory();
    try {
      await run('unshare', ['--net', 'true']);
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      console.warn(`SKIPPED: cannot make a network namespace here (${(error as Error).message.split('\n')[0]})`);
      ctx.skip();
      return;
    }
    // Abstract Unix sockets are per network namespace: only a lock on the directory itself is seen.
    await expectLockedThrough(dataDir, dataDir, ['unshare', '--net']);
    expect(await registrations(dataDir)).toBe(registered);
  });
});
