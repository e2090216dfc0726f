import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { REJECTS_ERROR_HEADER } from '../../src/domain/reportColumns.js';
import { importFile } from '../../src/import.js';
import { headerMeaning } from '../../src/ingest/headerAliases.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { loadImportRecord } from '../../src/report/loadImportRecord.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { HEADER, readWorkbook, rejectsOf, reportOf, tempDir, uploadRow, writeCsvUpload } from './reportsKit.js';

const SW = { '型番': 'SP-SW-36' };
/** Rows 2–15 of the upload: one mistake per row (codes as in demo-mistakes.csv), then fixes by row. */
const ROWS: Array<[string[], string, Record<string, string> | null]> = [
  [uploadRow('SW-0001', { ...SW, 'サポートID': '399999999' }), 'SUPPORT_ID_UNKNOWN', { 'サポートID': '300000002' }],
  [uploadRow('SW-0002', { ...SW, 'サポートID': '300000003' }), 'CONTRACT_INACTIVE', { 'サポートID': '300000002' }],
  [uploadRow('HW-0001', { '型番': 'SP-HW-99' }), 'PACK_MODEL_UNKNOWN', { '型番': 'SP-HW-12' }],
  [uploadRow('HW-9999'), 'PACK_SERIAL_UNKNOWN', { '製品シリアルNo.': 'HW-0002' }],
  [uploadRow('SW-0003'), 'PACK_SERIAL_MODEL_MISMATCH', { '製品シリアルNo.': 'HW-0003' }],
  [uploadRow('HW-0004', { '郵便番号': '12345' }), 'POSTAL_CODE_FORMAT', { '郵便番号': '100-0001' }],
  [uploadRow('HW-0005', { 'サービス開始日': '4月1日' }), 'DATE_FORMAT', { 'サービス開始日': '2026/12/1' }],
  [uploadRow('HW-0006', { '電話番号': '03-123' }), 'PHONE_FORMAT', { '電話番号': '03-1234-5678' }],
  [uploadRow('HW-0007', { 'オプション機器': 'OPT-A*150' }), 'OPTIONS_QUANTITY', { 'オプション機器': 'OPT-A*2' }],
  [uploadRow('HW-0008'), 'APPLICATION_HELD', {}],
  [uploadRow('HW-0009'), 'PACK_SERIAL_DUPLICATE', {}],
  [uploadRow('HW-0009'), 'PACK_SERIAL_DUPLICATE', { '製品シリアルNo.': 'HW-0010' }],
  [uploadRow('HW-0011', { 'サポートID': '300000002' }), 'registered', null],
  [uploadRow('SW-0004', { ...SW, 'サポートID': '300000002' }), 'registered', null],
];

describeEachEngine('fix-and-resubmit round trip', (t) => {
  let dir: string;
  let firstId: string;

  beforeAll(async () => {
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    dir = await tempDir();
    const outcome = await importFile(ctx, { path: await writeCsvUpload(dir, 'mistakes.csv', ROWS.map(([r]) => r)), resellerCode: 'RS001' });
    firstId = outcome.importId;
    expect(outcome.summary).toMatchObject({ rows: 14, registered: 2, rejected: 11, held: 1 });
    const stored = await ctx.db.knex('import_row_results').where({ import_id: firstId }).orderBy('seq').select('errors', 'status');
    ROWS.forEach(([, code], i) => {
      if (code === 'registered') expect(stored[i].status).toBe('registered');
      else expect(stored[i].errors.map((e: { code: string }) => e.code)).toContain(code);
    });
  });

  it('the error column header can never be taken for a known column', () => {
    for (const header of Object.values(REJECTS_ERROR_HEADER)) expect(headerMeaning(header).kind).toBe('unknown');
  });

  it('rejects file → fix the cells → import: exactly the previously failing rows are registered', async () => {
    const knex = t().db.knex;
    const file = await rejectsOf(knex, firstId, dir);
    const workbook = await readWorkbook(file);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...HEADER, REJECTS_ERROR_HEADER.ja]);
    expect(sheet.actualRowCount).toBe(1 + 12);

    const errorColumn = header.length;
    for (let r = 2; r <= sheet.actualRowCount; r += 1) {
      const row = sheet.getRow(r);
      const original = Number(/元の(\d+)行目/.exec(String(row.getCell(errorColumn).value))?.[1]);
      const fix = ROWS[original - 2]![2];
      expect(fix, `row ${original} should not be in the rejects file`).not.toBeNull();
      for (const [column, value] of Object.entries(fix!)) row.getCell(HEADER.indexOf(column) + 1).value = value;
    }
    const fixed = path.join(dir, 'fixed.xlsx');
    await workbook.xlsx.writeFile(fixed);

    const again = await importFile(t().context(), { path: fixed, resellerCode: 'RS001' });
    expect(again.summary).toMatchObject({ rows: 12, registered: 12, rejected: 0, held: 0 });
    const record = await loadImportRecord(knex, again.importId);
    // The error column is recognised and left out: 社内メモ stays the one unknown column.
    expect(record.facts?.fileWarnings.map((w) => w.params.column)).toEqual(['社内メモ']);
    expect(record.facts?.headers).toEqual(HEADER);
    const serials = await knex('registrations').orderBy('pack_serial').pluck('pack_serial');
    expect(serials).toEqual(['HW-0001', 'HW-0002', 'HW-0003', 'HW-0004', 'HW-0005', 'HW-0006', 'HW-0007', 'HW-0008', 'HW-0009',
      'HW-0010', 'HW-0011', 'SW-0001', 'SW-0002', 'SW-0004']);

    // The clean import's rejects file is its header alone, written without reading its rows back
    // (a clean million-row import's rows took 8 s to read and drop one by one).
    const statements: string[] = [];
    const listen = (query: { sql: string }) => void statements.push(query.sql);
    knex.on('query', listen);
    try {
      expect((await readWorkbook(await rejectsOf(knex, again.importId, dir))).worksheets[0]!.actualRowCount).toBe(1);
    } finally {
      knex.removeListener('query', listen);
    }
    expect(statements.length).toBeGreaterThan(0); // the record was read: the listener heard it
    expect(statements.filter((sql) => sql.includes('import_row'))).toEqual([]);
  });

  it('a rejects file of a rejects file has one error column', async () => {
    const knex = t().db.knex;
    const unfixed = await rejectsOf(knex, firstId, dir, 'ja');
    const second = await importFile(t().context(), { path: unfixed, resellerCode: 'RS001', dryRun: true });
    const header = ((await readWorkbook(await rejectsOf(knex, second.importId, dir))).worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...HEADER, REJECTS_ERROR_HEADER.ja]);
  });

  it("a site name that starts like a formula comes back exactly, through the rejects file and through the CSV report", async () => {
    const ctx = t().context();
    const knex = t().db.knex;
    const site = '-B棟 サーバ室';
    const rows = [
      uploadRow('HW-0012', { '設置場所名': site, '郵便番号': '12345' }),
      uploadRow('HW-0013', { '設置場所名': site, '郵便番号': '12345', 'ビル名': '=棟' }),
    ];
    const first = await importFile(ctx, { path: await writeCsvUpload(dir, 'site.csv', rows), resellerCode: 'RS001', atomicity: 'row' });
    expect(first.summary).toMatchObject({ rejected: 2 });

    // The rejects workbook, fixed in place and saved again (as a reseller's Excel would).
    const workbook = await readWorkbook(await rejectsOf(knex, first.importId, dir));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(HEADER.indexOf('設置場所名') + 1).value).toBe(site);
    sheet.getRow(2).getCell(HEADER.indexOf('郵便番号') + 1).value = '100-0001';
    const fixed = path.join(dir, 'site-fixed.xlsx');
    await workbook.xlsx.writeFile(fixed);

    // The CSV report, fixed as text (the guard apostrophe is in the file).
    const csvReport = await reportOf(knex, first.importId, dir, 'csv', { name: 'site-report.csv' });
    const text = await fs.readFile(csvReport, 'utf8');
    expect(text).toContain(`'${site}`);
    const fixedCsv = path.join(dir, 'site-fixed.csv');
    await fs.writeFile(fixedCsv, text.replace(/HW-0013(.*?),12345,/, 'HW-0013$1,100-0001,'));

    for (const file of [fixed, fixedCsv]) {
      const again = await importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'row' });
      expect(again.summary.registered, file).toBe(1);
      const record = await loadImportRecord(knex, again.importId);
      expect(record.facts?.fileWarnings.map((w) => w.params.column), file).toEqual(['社内メモ']);
    }
    const stored = await knex('registrations').whereIn('pack_serial', ['HW-0012', 'HW-0013']).orderBy('pack_serial').select('site_name', 'site_building');
    expect(stored).toEqual([{ site_name: site, site_building: '①ビル 3F' }, { site_name: site, site_building: '=棟' }]);
  });
});
