import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, listFiles, makeInbox, runCli, softwareRows, spawnCli, waitFor } from './nightlyKit.js';

const CONTRACTS = 1_200;
const ROWS_PER_CONTRACT = 5;
const ROWS = CONTRACTS * ROWS_PER_CONTRACT;
const supportId = (i: number) => String(310_000_000 + i);
const serial = (i: number) => `SWX-${String(i).padStart(5, '0')}`;

describeEachEngine('nightly run killed mid-file', (t) => {
  let inbox: string;
  beforeAll(async () => {
    if (!t().url) return;
    // 6,000 rows in 1,200 applications: three commit groups (500 applications each), committed one
    // after another with a pool of 2, so there is a moment when some are in and some are not.
    const dir = await writeReferenceDir((files) => {
      for (let c = 0; c < CONTRACTS; c += 1) {
        files['contracts.csv']?.push(`${supportId(c)},顧客${c},システム,RS001,active`);
        files['service_users.csv']?.push(`U-ADMIN1,${supportId(c)},admin,髙橋 一郎,admin1@example.jp,100-0001,東京都千代田区千代田1-1,,03-1234-5678`);
      }
      for (let i = 0; i < ROWS; i += 1) files['pack_serials.csv']?.push(`${serial(i)},SP-SW-36`);
    });
    await loadReference(t().context(), dir);
    inbox = await makeInbox();
    const rows = Array.from({ length: ROWS }, (_, i) => [supportId(Math.floor(i / ROWS_PER_CONTRACT)), serial(i)] as const);
    await dropFile(inbox, 'RS001', 'large.csv', softwareRows(rows));
  });

  it('is resumed by the next run, which completes the file with no duplicates (PostgreSQL)', async (test) => {
    if (!t().url) test.skip(); // child processes on one database: PostgreSQL (PGlite is held by one process)
    const knex = t().db.knex;
    const env = { DATABASE_URL: t().url ?? '', PACKREG_DB_POOL_MAX: '2' };
    const registrations = async () => Number((await knex('registrations').count({ n: '*' }))[0]?.n);

    const first = spawnCli(['nightly', '--inbox', inbox, '--once'], env);
    const seen = await waitFor(async () => { const n = await registrations(); return n > 0 ? n : 0; }, 60_000, 10);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = await registrations();
    expect(seen).toBeGreaterThan(0);
    expect(atKill, 'the run must die mid-file for this test to mean anything').toBeLessThan(ROWS);
    expect(await listFiles(inbox)).toEqual(['RS001/large.csv']);
    expect(await knex('nightly_files').select('status')).toEqual([{ status: 'running' }]);

    const second = await runCli(['nightly', '--inbox', inbox, '--once', '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    const run = JSON.parse(second.stdout);
    expect(run.files).toMatchObject([{ file: 'large.csv', outcome: 'imported' }]);
    expect(run.files[0].summary.registered + run.files[0].summary.already_registered).toBe(ROWS);
    expect(run.files[0].summary.already_registered).toBe(atKill);

    expect(await registrations()).toBe(ROWS);
    const [distinct] = await knex('registrations').countDistinct({ n: 'pack_serial' });
    expect(Number(distinct?.n)).toBe(ROWS);
    expect(await knex('nightly_files').select('status', 'attempts')).toEqual([{ status: 'done', attempts: 2 }]);
    const batches = await knex('import_batches').where({ source: 'nightly' }).orderBy('created_at').pluck('status');
    expect(batches).toEqual(['failed', 'finished']); // the killed run's batch says it was interrupted
    expect(await listFiles(inbox)).toEqual([]);
    const report = JSON.parse(await fs.readFile(path.join(inbox, '..', 'done', 'RS001', 'large.csv.report.json'), 'utf8'));
    expect(report.rows).toHaveLength(ROWS);
  });
});
