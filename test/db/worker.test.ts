import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, listFiles, makeInbox, runCli, softwareRows, spawnCli, waitFor, type CliResult } from '../e2e/nightlyKit.js';

const FILES = [
  ['RS001', 'a.csv', '300000001', 'SW-0001'], ['RS001', 'b.csv', '300000002', 'SW-0002'], ['RS001', 'c.csv', '300000001', 'SW-0003'],
  ['RS002', 'd.csv', '300000009', 'SW-0004'], ['RS002', 'e.csv', '300000009', 'SW-0005'], ['RS001', 'f.csv', '300000001', 'PC-0001'],
] as const;

describeEachEngine('packreg worker', (t) => {
  let utils: WorkerUtils | undefined;
  const count = async (table: string, where: Record<string, string> = {}) => Number((await t().db.knex(table).where(where).count({ n: '*' }))[0]?.n);
  const jobs = () => t().db.knex.raw('select task_identifier, attempts, last_error, key from graphile_worker.jobs').then((r: { rows: Array<Record<string, unknown>> }) => r.rows);

  beforeAll(async () => {
    if (!t().url) return;
    await loadReference(t().context(), await writeReferenceDir());
    utils = await makeWorkerUtils({ connectionString: t().url ?? '' });
    await utils.migrate();
  });
  afterAll(async () => {
    await utils?.release();
  });

  it('refuses to run on the embedded database, with a clear message', async (test) => {
    if (t().url) test.skip();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-worker-'));
    const result = await runCli(['worker', '--inbox', dataDir], { PACKREG_DATA_DIR: dataDir });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/PostgreSQL.*DATABASE_URL.*nightly --once/);
  });

  it('two worker processes share the queued jobs; no file is imported twice, even when queued twice', async (test) => {
    if (!t().url) test.skip();
    const inbox = await makeInbox();
    for (const [reseller, name, supportId, serial] of FILES) await dropFile(inbox, reseller, name, softwareRows([[supportId, serial]]));
    // Every file queued twice under two keys (as if two scans raced past the job key), and a scan on top.
    for (const [reseller, name, supportId, serial] of FILES) {
      const sha256 = createHash('sha256').update(softwareRows([[supportId, serial]])).digest('hex');
      for (const copy of ['x', 'y']) {
        await utils?.addJob('packreg_import_file', { inbox, reseller, file: name, sha256 }, { jobKey: `${copy}:${reseller}:${sha256}` });
      }
    }
    const env = { DATABASE_URL: t().url ?? '', PACKREG_WORKER_CONCURRENCY: '3', PACKREG_LOG_LEVEL: 'info' };
    const workers = [
      spawnCli(['worker', '--inbox', inbox, '--scan-now'], env),
      spawnCli(['worker', '--inbox', inbox, '--no-schedule'], env),
    ];
    await waitFor(async () => (await listFiles(inbox)).length === 0 && (await jobs()).length === 0, 60_000, 200);
    const results = await stop(workers);
    expect(results.map((r) => r.code), results.map((r) => r.stderr.slice(-2000)).join('\n')).toEqual([0, 0]);

    expect(await count('import_batches', { source: 'nightly' })).toBe(FILES.length);
    expect(await count('nightly_files', { status: 'done' })).toBe(FILES.length);
    expect(await count('registrations')).toBe(5); // f.csv's PC serial is rejected on a software pack
    const done = (await listFiles(path.join(inbox, '..', 'done'))).filter((f) => f.endsWith('.csv'));
    expect(done).toEqual(FILES.map(([reseller, name]) => `${reseller}/${name}`).sort());
    const imports = results.flatMap((r) => r.stderr.split('\n').filter((l) => l.includes('"worker: file"') && l.includes('"outcome":"imported"')));
    expect(imports).toHaveLength(FILES.length);
  });

  it('retries a job that fails for a passing reason: the file it names arrives after the first attempt', async (test) => {
    if (!t().url) test.skip();
    const inbox = await makeInbox();
    const content = softwareRows([['300000002', 'HW-0001']]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    await utils?.addJob('packreg_import_file', { inbox, reseller: 'RS001', file: 'late.csv', sha256 }, { jobKey: `RS001:${sha256}` });
    const worker = spawnCli(['worker', '--inbox', inbox, '--no-schedule'], { DATABASE_URL: t().url ?? '' });
    const failed = await waitFor(async () => (await jobs()).find((j) => Number(j.attempts) === 1 && j.last_error), 30_000, 100);
    expect(String(failed?.last_error)).toMatch(/file not found/);
    await dropFile(inbox, 'RS001', 'late.csv', content);
    await waitFor(async () => (await jobs()).length === 0, 30_000, 200); // graphile-worker's first back-off: e¹ ≈ 2.7 s
    const [result] = await stop([worker]);
    expect(result?.code).toBe(0);
    expect(await listFiles(path.join(inbox, '..', 'done'))).toEqual(['RS001/late.csv', 'RS001/late.csv.report.json', 'RS001/late.csv.report.xlsx']);
    expect(await t().db.knex('nightly_files').where({ sha256 }).first('status', 'attempts')).toEqual({ status: 'done', attempts: 1 });
  });
});

/** SIGTERM each worker (graceful: running jobs finish) and wait for it to exit. */
async function stop(workers: Array<ReturnType<typeof spawnCli>>): Promise<CliResult[]> {
  for (const w of workers) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.done));
}
