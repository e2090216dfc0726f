import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openXlsx } from '../../../src/ingest/readXlsx.js';
import { inCi } from '../../helpers/testEnv.js';
import { LIMITS, ingest, tempDir } from './ingestKit.js';

/**
 * Workbooks as other tools write them, made at run time with real tools: LibreOffice writes the
 * base workbook from a flat ODS (formulas it computes itself: results 0, FALSE, #N/A, #DIV/0!),
 * then Python's zipfile/ElementTree edits it the way other writers differ (editXlsx.py). The
 * expected grid is what LibreOffice itself exports as CSV from each file.
 */
const run = promisify(execFile);
const which = (tool: string): string | null => {
  try {
    return execFileSync('which', [tool], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
};
const soffice = which('soffice');
const python = which('python3');
const missing = !soffice || !python;
const file = tempDir();

const HEADER = ['サポートID', '型番', '製品シリアルNo.', '対象製品型番', 'サービス開始日', '備考', '結果0', '結果FALSE', '結果DIV0', '結果文字'];
const cell = (attrs: string, text = '') => `<table:table-cell ${attrs}>${text ? `<text:p>${text}</text:p>` : ''}</table:table-cell>`;
const str = (s: string) => cell('office:value-type="string"', s.replace(/&/g, '&amp;'));
const formula = (f: string, style = '') => cell(`${style ? `table:style-name="${style}" ` : ''}table:formula="of:=${f.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/>/g, '&gt;')}"`);
const row = (...cells: string[]) => `<table:table-row>${cells.join('')}</table:table-row>`;

const FODS = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="申込">
${row(...HEADER.map(str))}
${row(cell('office:value-type="float" office:value="300000001"'), str('SPK-1'), str('SN-1'), str('PC-1'), cell('table:style-name="ce1" office:value-type="date" office:date-value="2026-04-01"'),
    formula('NA()'), formula('1-1'), formula('1>2'), formula('1/0'), formula('"A"&"B"'))}
${row(cell('office:value-type="float" office:value="300000002"'), str('SPK-1'), str('000123'), str('PC-1'), formula('DATE(2026;4;2)', 'ce1'),
    str('備考 & メモ'), formula('2-2'), formula('TRUE()'), formula('NA()'), formula('""'))}
</table:table></office:spreadsheet></office:body></office:document>
`;

const EDITS = ['ns0', 'prefix-x', 'no-r', 'outside-xl', 'strict', 'sst-first'] as const;

/** The first worksheet's rows as text, trailing blank cells dropped. */
async function firstSheetGrid(xlsx: string): Promise<string[][]> {
  const workbook = await openXlsx(xlsx, LIMITS);
  const grid: string[][] = [];
  try {
    const { rows } = workbook.openSheet(workbook.sheets[0]!);
    for (let next = await rows.next(); !next.done; next = await rows.next()) for (const row of next.value) grid[row.row - 1] = trimEnd([...row.cells]);
  } finally {
    workbook.close();
  }
  return Array.from(grid, (r) => r ?? []);
}
const trimEnd = (cells: string[]) => cells.slice(0, cells.findLastIndex((c) => c !== '') + 1);

/** LibreOffice's own CSV (UTF-8) as a grid: simple here, no cell holds a comma, quote or line break. */
const csvGrid = (text: string) => text.trimEnd().split('\n').map((line) => trimEnd(line.split(',')));

describe.skipIf(missing && !inCi())(`XLSX quirks, checked against LibreOffice's CSV of the same workbook${missing ? ' (SKIPPED: needs soffice and python3)' : ''}`, () => {
  const workbooks: Record<string, string> = {};
  const expected: Record<string, string[][]> = {};

  beforeAll(async () => {
    if (missing) throw new Error('soffice (apt-get install libreoffice-calc) and python3 are needed; CI must run these tests');
    const dir = path.dirname(file('base.fods', FODS));
    const profile = `-env:UserInstallation=file://${dir}/profile`;
    await run(soffice!, ['--headless', profile, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', dir, file('base.fods')], { timeout: 120_000 });
    workbooks.base = file('base.xlsx');
    for (const edit of [...EDITS, 'duplicate']) {
      workbooks[edit] = file(`${edit}.xlsx`);
      await run(python!, [path.join(import.meta.dirname, 'editXlsx.py'), edit, workbooks.base, workbooks[edit]!]);
    }
    // 44 = comma, 34 = double quote, 76 = UTF-8.
    await run(soffice!, ['--headless', profile, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', path.join(dir, 'csv'),
      ...Object.values(workbooks)], { timeout: 180_000 });
    for (const name of Object.keys(workbooks)) expected[name] = csvGrid(readFileSync(path.join(dir, 'csv', `${name}.csv`), 'utf8'));
  }, 300_000);

  it('LibreOffice computed the formulas and stores the worksheet before the shared strings', () => {
    expect(expected.base![1]).toEqual(['300000001', 'SPK-1', 'SN-1', 'PC-1', '2026-04-01', '#N/A', '0', 'FALSE', '#DIV/0!', 'AB']);
    const zip = readFileSync(workbooks.base!);
    expect(zip.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(zip.indexOf('xl/sharedStrings.xml'));
  });

  it('the base workbook reads as LibreOffice shows it: cached results 0, FALSE, #N/A, #DIV/0!, a date formula', async () => {
    expect(await firstSheetGrid(workbooks.base!)).toEqual(expected.base);
  });

  it.each(EDITS)('%s: reads the same as LibreOffice reads it', async (edit) => {
    // LibreOffice reads every edited file as it reads the original: the edits are valid OOXML.
    expect(expected[edit]).toEqual(expected.base);
    expect(await firstSheetGrid(workbooks[edit]!)).toEqual(expected[edit]);
  });

  it.each(['base', ...EDITS])('%s: through the ingest, an error result is the error text and 0/FALSE are values', async (name) => {
    const out = await ingest(workbooks[name]!);
    expect(out.code).toBeUndefined();
    expect(out.facts).toMatchObject({ sheet: '申込', headerRow: 1 });
    expect(out.rows.map((r) => [r.row, r.values.service_start, r.values.remarks, r.values.pack_serial])).toEqual([
      [2, '2026-04-01', '#N/A', 'SN-1'],
      [3, '2026-04-02', '備考 & メモ', '000123'],
    ]);
    expect(out.rows[0]!.cells.slice(6)).toEqual(['0', 'FALSE', '#DIV/0!', 'AB']);
    expect(out.rows[1]!.cells.slice(6)).toEqual(['0', 'TRUE', '#N/A', '']);
  });

  it('two zip entries with one name → FILE_UNREADABLE (LibreOffice shows the last one, other readers the first)', async () => {
    expect(expected.duplicate![1]![0]).toBe('399999999');
    expect(await ingest(workbooks.duplicate!)).toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
