import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/packreg.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, DATABASE_URL: '' }, stdio: 'pipe' });
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
  it('gives the second process DATABASE_LOCKED, and the directory opens again once the first is gone — even after SIGKILL', async () => {
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
