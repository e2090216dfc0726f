import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { runNightly, type NightlyRun } from '../../src/jobs/runNightly.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine, testConfig } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, listFiles, makeInbox, softwareRows } from './nightlyKit.js';
import { reportOf, tempDir } from './reportsKit.js';

const LONG_NAME = `${'登録依頼'.repeat(18)}-${'x'.repeat(25)}.csv`; // 246 UTF-8 bytes: over the 200-byte cap
const HOSTILE = '..%2F..evil.csv';
const SPACED = 'spaces and\nnewline .csv';

describeEachEngine('nightly inbox run', (t) => {
  let inbox: string;
  let root: string;
  let first: NightlyRun;
  const ctx = () => t().context({ clock: systemClock, config: { nightly: { ...testConfig().nightly, quietMs: 60_000 } } });
  const batches = async () => Number((await t().db.knex('import_batches').where({ source: 'nightly' }).count({ n: '*' }))[0]?.n);

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    inbox = await makeInbox();
    root = path.dirname(inbox);
    await dropFile(inbox, 'RS001', 'good.csv', softwareRows([['300000001', 'SW-0001']]));
    await dropFile(inbox, 'RS001', HOSTILE, softwareRows([['300000002', 'SW-0002']]));
    await dropFile(inbox, 'RS001', SPACED, softwareRows([['300000001', 'SW-0003']]));
    await dropFile(inbox, 'RS001', LONG_NAME, softwareRows([['300000002', 'SW-0005']]));
    await dropFile(inbox, 'RS001', 'collide.csv', softwareRows([['300000001', 'HW-0001']])); // wrong pack model: rejected row
    await dropFile(inbox, 'RS001', 'broken.xlsx', Buffer.from('PK\u0003\u0004 not really a workbook'));
    await dropFile(inbox, 'RS001', 'writing.csv', softwareRows([['300000001', 'PC-0001']]), 0);
    await dropFile(inbox, 'RS001', 'notes.txt', 'not an upload');
    await dropFile(inbox, 'RS002', 'other.csv', softwareRows([['300000009', 'SW-0004']]));
    await dropFile(inbox, 'XX999', 'stranger.csv', softwareRows([['300000001', 'PC-0002']]));
    // A reseller's earlier file of the same name is already filed: it must survive.
    await fs.mkdir(path.join(root, 'done', 'RS001'), { recursive: true });
    await fs.writeFile(path.join(root, 'done', 'RS001', 'collide.csv'), 'filed last week\n');
    first = await runNightly(ctx(), { inbox, lang: 'en' });
  });

  it('imports every quiet file once and files it with its reports; hostile names are made safe, nothing is overwritten', async () => {
    const byName = new Map(first.files.map((f) => [f.file, f]));
    // Every entry of the inbox is in the summary: the note and the file still being written too.
    expect(first.files.map((f) => f.outcome).sort()).toEqual(['failed', 'imported', 'imported', 'imported', 'imported', 'imported', 'imported', 'skipped', 'waiting']);
    expect(byName.get('collide.csv')?.summary).toMatchObject({ rows: 1, rejected: 1 }); // rejected rows: a report, not a failure
    expect(first.counts).toMatchObject({ imported: 6, failed: 1, error: 0, waiting: 1, skipped: 1, refused: 0 });
    expect(first.rows).toMatchObject({ rows: 6, registered: 5, rejected: 1 });
    expect(await batches()).toBe(7);

    const safeLong = (await listFiles(path.join(root, 'done', 'RS001'))).find((f) => f.startsWith('登録依頼') && f.endsWith('.csv'));
    expect(safeLong).toBeDefined();
    expect(Buffer.byteLength(safeLong ?? '')).toBeLessThanOrEqual(200);
    expect(await listFiles(path.join(root, 'done'))).toEqual([
      'RS001/___evil.csv', 'RS001/___evil.csv.report.json', 'RS001/___evil.csv.report.xlsx',
      'RS001/collide-1.csv', 'RS001/collide-1.csv.report.json', 'RS001/collide-1.csv.report.xlsx',
      'RS001/collide.csv',
      'RS001/good.csv', 'RS001/good.csv.report.json', 'RS001/good.csv.report.xlsx',
      'RS001/spaces and_newline .csv', 'RS001/spaces and_newline .csv.report.json', 'RS001/spaces and_newline .csv.report.xlsx',
      `RS001/${safeLong}`, `RS001/${safeLong}.report.json`, `RS001/${safeLong}.report.xlsx`,
      'RS002/other.csv', 'RS002/other.csv.report.json', 'RS002/other.csv.report.xlsx',
    ].sort());
    expect(await fs.readFile(path.join(root, 'done', 'RS001', 'collide.csv'), 'utf8')).toBe('filed last week\n');
    expect(await fs.readFile(path.join(root, 'done', 'RS001', 'collide-1.csv'), 'utf8')).toContain('HW-0001');

    const report = JSON.parse(await fs.readFile(path.join(root, 'done', 'RS001', '___evil.csv.report.json'), 'utf8'));
    expect(report).toMatchObject({ file: HOSTILE, reseller: 'RS001', summary: { rows: 1, registered: 1 } });
    expect(report.rows[0]).toMatchObject({ packSerial: 'SW-0002', status: 'registered' });
  });

  it('files a broken file in failed/ with its file-level error, and leaves files being written, other files and unknown folders alone', async () => {
    expect(await listFiles(path.join(root, 'failed'))).toEqual(['RS001/broken.xlsx', 'RS001/broken.xlsx.error.json']);
    const error = JSON.parse(await fs.readFile(path.join(root, 'failed', 'RS001', 'broken.xlsx.error.json'), 'utf8'));
    expect(error).toEqual({ error: { code: 'FILE_UNREADABLE', message: expect.any(String) } });
    expect(await listFiles(inbox)).toEqual(['RS001/notes.txt', 'RS001/writing.csv', 'XX999/stranger.csv']);
    expect(first.waiting).toEqual([{ reseller: 'RS001', file: 'writing.csv' }]);
    expect(first.unknownFolders).toEqual(['XX999']);
    const summary = JSON.parse(await fs.readFile(first.summaryFile, 'utf8'));
    expect(path.dirname(first.summaryFile)).toBe(path.join(root, 'runs'));
    expect(summary.counts).toEqual(first.counts);
  });

  it('does not import the same bytes twice: a copy under another name is filed with the earlier report', async () => {
    await dropFile(inbox, 'RS001', 'again.csv', softwareRows([['300000001', 'SW-0001']]));
    await dropFile(inbox, 'RS001', 'broken-again.xlsx', Buffer.from('PK\u0003\u0004 not really a workbook'));
    const before = await batches();
    const second = await runNightly(ctx(), { inbox, lang: 'en' });
    const again = second.files.find((f) => f.file === 'again.csv');
    const good = first.files.find((f) => f.file === 'good.csv');
    expect(again).toMatchObject({ outcome: 'already_imported', importId: good?.importId });
    expect(second.files.find((f) => f.file === 'broken-again.xlsx')).toMatchObject({ outcome: 'failed', error: { code: 'FILE_UNREADABLE' } });
    expect(await batches()).toBe(before);
    const report = JSON.parse(await fs.readFile(path.join(root, 'done', 'RS001', 'again.csv.report.json'), 'utf8'));
    expect(report).toMatchObject({ importId: good?.importId, summary: { registered: 1 } });
    const registrations = await t().db.knex('registrations').count({ n: '*' });
    expect(Number(registrations[0]?.n)).toBe(5);
  });

  it('writes the JSON and XLSX reports beside a filed file from one read of its rows', async () => {
    await dropFile(inbox, 'RS001', 'third-copy.csv', softwareRows([['300000001', 'SW-0001']]));
    const knex = t().db.knex;
    const pages = async (run: () => Promise<unknown>) => {
      const statements: string[] = [];
      const listen = (query: { sql: string }) => void statements.push(query.sql);
      knex.on('query', listen);
      try {
        await run();
      } finally {
        knex.removeListener('query', listen);
      }
      return statements.filter((sql) => /import_row_results"? as "?r\b/.test(sql)).length;
    };
    let third: NightlyRun | undefined;
    const nightly = await pages(async () => (third = await runNightly(ctx(), { inbox, lang: 'en' })));
    const good = first.files.find((f) => f.file === 'good.csv');
    expect(third?.files.find((f) => f.file === 'third-copy.csv')).toMatchObject({ outcome: 'already_imported', importId: good?.importId });
    expect(await listFiles(path.join(root, 'done', 'RS001'))).toEqual(expect.arrayContaining(['RS001/third-copy.csv.report.json', 'RS001/third-copy.csv.report.xlsx'].map((f) => f.slice(6))));
    const alone = await pages(async () => reportOf(knex, good!.importId!, await tempDir(), 'json'));
    expect(alone).toBeGreaterThan(0);
    expect(nightly).toBe(alone);
  });
});
