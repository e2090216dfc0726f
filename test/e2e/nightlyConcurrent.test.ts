import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, listFiles, makeInbox, runCli, softwareRows } from './nightlyKit.js';

/** Eight files over two resellers, one serial each (a serial is registered once, whoever asks). */
const FILES = [
  ...['SW-0001', 'SW-0002', 'SW-0003', 'PC-0001', 'PC-0002'].map((s, i) => ['RS001', `f${i}.csv`, i % 2 ? '300000002' : '300000001', s] as const),
  ...['SW-0004', 'SW-0005', 'PC-0003'].map((s, i) => ['RS002', `g${i}.csv`, '300000009', s] as const),
];

describeEachEngine('two nightly runs at once', (t) => {
  let inbox: string;
  beforeAll(async () => {
    // PC serials are issued for SP-PC-12, so those rows are rejected: imported, reported, not registered.
    await loadReference(t().context(), await writeReferenceDir());
    inbox = await makeInbox();
    for (const [reseller, name, supportId, serial] of FILES) await dropFile(inbox, reseller, name, softwareRows([[supportId, serial]]));
  });

  it('import every file exactly once (PostgreSQL: per-file lock; PGlite: the second run gets DATABASE_LOCKED, exit 75)', async () => {
    const knex = t().db.knex;
    if (t().url) {
      const env = { DATABASE_URL: t().url ?? '' };
      const runs = await Promise.all([1, 2].map(() => runCli(['nightly', '--inbox', inbox, '--once', '--json'], env)));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      const outcomes = runs.flatMap((r) => JSON.parse(r.stdout).files as Array<{ file: string; outcome: string }>);
      const imported = outcomes.filter((o) => o.outcome === 'imported').map((o) => o.file).sort();
      expect(imported).toEqual(FILES.map(([, name]) => name).sort());
      // Whatever the other run saw of a file, it was never a second import.
      expect(outcomes.every((o) => ['imported', 'busy', 'gone'].includes(o.outcome))).toBe(true);
    } else {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-nightly-lock-'));
      const holder = await holdEmbedded(dataDir);
      const second = await runCli(['nightly', '--inbox', inbox, '--once', '--lang', 'en'], { PACKREG_DATA_DIR: dataDir });
      await holder.kill();
      expect(second.code).toBe(75);
      expect(second.stderr).toMatch(/DATABASE_LOCKED/);
      expect(second.stderr).toMatch(/this run imported nothing/);
      expect(await listFiles(inbox)).toHaveLength(FILES.length);
      return;
    }
    const batches = await knex('import_batches').where({ source: 'nightly' }).select('file_name');
    expect(batches.map((b: { file_name: string }) => b.file_name).sort()).toEqual(FILES.map(([, name]) => name).sort());
    expect(Number((await knex('registrations').count({ n: '*' }))[0]?.n)).toBe(5);
    expect(Number((await knex('nightly_files').whereNot({ status: 'done' }).count({ n: '*' }))[0]?.n)).toBe(0);
    expect(Number((await knex('nightly_files').count({ n: '*' }))[0]?.n)).toBe(FILES.length);
    expect(await listFiles(inbox)).toEqual([]);
    const done = (await listFiles(path.join(inbox, '..', 'done'))).filter((f) => f.endsWith('.csv'));
    expect(done).toEqual(FILES.map(([reseller, name]) => `${reseller}/${name}`).sort());
  }, 180_000); // two CLI processes (or a holder and a CLI, each opening PGlite) on a shared 2-core machine
});

/** A process holding the embedded database in `dataDir` (as another packreg command would). */
async function holdEmbedded(dataDir: string): Promise<{ kill(): Promise<void> }> {
  const dist = path.resolve(import.meta.dirname, '../../dist/src');
  const script = `
    const { loadConfig } = await import(${JSON.stringify(`${dist}/config.js`)});
    const { makeLogger } = await import(${JSON.stringify(`${dist}/log.js`)});
    const { openDatabase } = await import(${JSON.stringify(`${dist}/db/openDatabase.js`)});
    await openDatabase(loadConfig(), makeLogger('silent'));
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PACKREG_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('close', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return { kill: () => new Promise((done) => { child.once('close', () => done()); child.kill('SIGKILL'); }) };
}
