import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { loadImportRecord } from '../../src/report/loadImportRecord.js';
import { writeImportReports } from '../../src/report/writeImportReports.js';
import { writeLargeCase } from '../helpers/largeReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { zipEntries } from '../helpers/zipEntries.js';
import { rejectsOf, reportOf, tempDir } from './reportsKit.js';

/** Over one page of readReportRows (5,000 rows), so a read is several page statements. */
const ROWS = 5_200;

/** The statements that read an import's rows back for a report. */
const isRowRead = (sql: string) => sql.includes('import_row_results');

/** A workbook's entries but its time stamp (docProps/core.xml holds the time it was written). */
async function workbookParts(file: string): Promise<Map<string, Buffer>> {
  const entries = await zipEntries(await fs.readFile(file));
  entries.delete('docProps/core.xml');
  return entries;
}

/**
 * Every report asked for at once (`import` and `report` with several `--report` and `--rejects`)
 * is written from one read of the stored rows (issue 19: a million rows take ≈ 16 s to read
 * back), and each file is the one it would be alone.
 */
describeEachEngine('several reports of one import', (t) => {
  let importId: string;
  /** Rows of the rejects file: rejected and held. */
  let rejected: number;

  beforeAll(async () => {
    const ctx = t().context();
    const large = await writeLargeCase(ROWS / 20);
    await loadReference(ctx, large.referenceDir);
    // Every 97th serial unknown: rejected rows among valid ones.
    const lines = (await fs.readFile(large.upload, 'utf8')).split('\n');
    const upload = lines.map((line, i) => (i > 0 && i % 97 === 0 ? line.replace(',BIG-', ',NOP-') : line)).join('\n');
    await fs.writeFile(large.upload, upload);
    const outcome = await importFile(ctx, { path: large.upload, resellerCode: 'RS001', dryRun: true });
    expect(outcome.summary).toMatchObject({ rows: ROWS, rejected: Math.floor(ROWS / 97) });
    expect(outcome.summary.valid).toBeGreaterThan(0);
    rejected = outcome.summary.rejected + outcome.summary.held;
    importId = outcome.importId;
  }, 300_000);

  it('reads the rows once for a JSON, two CSV and an XLSX report and a rejects file, each file as written alone', { timeout: 300_000 }, async () => {
    const knex = t().db.knex;
    const dir = await tempDir();
    const record = await loadImportRecord(knex, importId);
    const together = {
      targets: [
        { path: path.join(dir, 'r.json'), format: 'json' as const },
        { path: path.join(dir, 'r.csv'), format: 'csv' as const },
        { path: path.join(dir, 'r2.csv'), format: 'csv' as const },
        { path: path.join(dir, 'r.xlsx'), format: 'xlsx' as const },
      ],
      rejects: path.join(dir, 'rejects.xlsx'),
    };

    const statements: string[] = [];
    const listen = (query: { sql: string }) => void statements.push(query.sql);
    knex.on('query', listen);
    let rejectedRows: number;
    try {
      ({ rejectedRows } = await writeImportReports(knex, record, together, { lang: 'ja' }));
    } finally {
      knex.removeListener('query', listen);
    }
    expect(rejectedRows).toBe(rejected);

    const alone: string[] = [];
    const listenAlone = (query: { sql: string }) => void alone.push(query.sql);
    knex.on('query', listenAlone);
    let json: string;
    try {
      json = await reportOf(knex, importId, dir, 'json', { name: 'alone.json' });
    } finally {
      knex.removeListener('query', listenAlone);
    }
    // One read: as many row statements for five files as for one (two pages and the empty one).
    expect(alone.filter(isRowRead).length).toBeGreaterThanOrEqual(2);
    expect(statements.filter(isRowRead).length).toBe(alone.filter(isRowRead).length);

    expect(await fs.readFile(together.targets[0]!.path)).toEqual(await fs.readFile(json));
    const csv = await fs.readFile(await reportOf(knex, importId, dir, 'csv', { name: 'alone.csv' }));
    expect(await fs.readFile(together.targets[1]!.path)).toEqual(csv);
    expect(await fs.readFile(together.targets[2]!.path)).toEqual(csv);
    expect(await workbookParts(together.targets[3]!.path)).toEqual(await workbookParts(await reportOf(knex, importId, dir, 'xlsx', { name: 'alone.xlsx' })));
    expect(await workbookParts(together.rejects)).toEqual(await workbookParts(await rejectsOf(knex, importId, dir)));
    // Nothing but the five files is left in the folder (no temporaries).
    expect((await fs.readdir(dir)).filter((name) => !name.startsWith('alone') && !name.includes(importId)).sort())
      .toEqual(['r.csv', 'r.json', 'r.xlsx', 'r2.csv', 'rejects.xlsx']);
  });

  it('a CP932 CSV written beside other reports is the one written alone', { timeout: 300_000 }, async () => {
    const knex = t().db.knex;
    const dir = await tempDir();
    const record = await loadImportRecord(knex, importId);
    const csv = path.join(dir, 'r.csv');
    await writeImportReports(knex, record, { targets: [{ path: path.join(dir, 'r.json'), format: 'json' }, { path: csv, format: 'csv' }] }, { lang: 'en', encoding: 'cp932' });
    const alone = await reportOf(knex, importId, dir, 'csv', { name: 'alone.csv', lang: 'en', encoding: 'cp932' });
    expect(await fs.readFile(csv)).toEqual(await fs.readFile(alone));
  });

  it('when one file cannot be written, none is put in place and no temporary is left', { timeout: 300_000 }, async () => {
    const knex = t().db.knex;
    const dir = await tempDir();
    const record = await loadImportRecord(knex, importId);
    const missing = path.join(dir, 'no-such-folder', 'r.csv');
    await expect(writeImportReports(knex, record, {
      targets: [{ path: path.join(dir, 'r.json'), format: 'json' }, { path: missing, format: 'csv' }, { path: path.join(dir, 'r.xlsx'), format: 'xlsx' }],
      rejects: path.join(dir, 'rejects.xlsx'),
    }, { lang: 'ja' })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
