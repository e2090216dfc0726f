import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openXlsx } from '../../../src/ingest/readXlsx.js';
import { LIMITS, ingest, tempDir } from './ingestKit.js';
import { HEADER_CELLS, buildRichWorkbook, writeWorkbook } from './xlsxKit.js';

const file = tempDir();

describe('XLSX through the ingest', () => {
  it('reads every cell kind, skips hidden sheets and sheets without a header, keeps Excel row numbers', async () => {
    const out = await ingest(await writeWorkbook(file('rich.xlsx'), (wb) => buildRichWorkbook(wb)));
    expect(out.code).toBeUndefined();
    expect(out.facts).toMatchObject({ type: 'xlsx', encoding: null, delimiter: null, sheet: '申込', headerRow: 2, unknownColumns: ['確認'] });
    expect(out.rows.map((r) => r.row)).toEqual([3, 5, 8]);
    const [first, second, third] = out.rows;
    expect(first?.values).toMatchObject({
      support_id: '300000001', // a number cell, no ".0"
      pack_model: 'SPK-1Y', // formula: cached result
      pack_serial: '12345678901234', // no exponent
      service_start: '2026-04-01', // date cell
      service_end: '2027-03-31', // bare serial in a date column
      site_name: '㈱髙島本社', // rich text runs joined, free text kept
      site_phone: '03-1234-5678', // hyperlink text
      remarks: '#N/A', // error value
      options: 'OPT-1*2',
    });
    expect(first?.sheet).toBe('申込');
    expect(first?.cells.at(-1)).toBe('TRUE');
    expect(second?.values).toMatchObject({ service_start: '1900-01-01', service_end: '2027-03-31', remarks: 'x\ry' });
    expect(third?.values.service_start).toBe('2026-04-02'); // date-formatted formula
  });

  it('reads 1904-system workbooks', async () => {
    const out = await ingest(await writeWorkbook(file('rich-1904.xlsx'), (wb) => buildRichWorkbook(wb, true)));
    // Serials count from 1904-01-01: date cells, date-formatted formulas and bare serials alike.
    expect(out.rows.map((r) => [r.values.service_start, r.values.service_end])).toEqual([
      ['2026-04-01', '2031-04-01'], // a Date written by exceljs in the 1904 system; bare 46477
      ['1904-01-02', '2027-03-31'], // serial 1
      ['2030-04-03', ''], // cached formula result 46114
    ]);
  });

  it('gives the same calendar dates in every time zone', async () => {
    const workbook = await writeWorkbook(file('tz.xlsx'), (wb) => buildRichWorkbook(wb));
    const helper = path.join(import.meta.dirname, 'printXlsxDates.ts');
    const results = await Promise.all(
      ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati'].map(async (tz) => {
        const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', helper, workbook], { env: { ...process.env, TZ: tz } });
        return JSON.parse(stdout) as { tz: string; dates: string[][] };
      }),
    );
    expect(results.map((r) => r.tz)).toEqual(['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati']);
    for (const result of results) {
      expect(result.dates).toEqual([['2026-04-01', '2027-03-31'], ['1900-01-01', '2027-03-31'], ['2026-04-02', '']]);
    }
  });

  it('--sheet selects a sheet by name, hidden or not', async () => {
    const workbook = await writeWorkbook(file('sheets.xlsx'), (wb) => buildRichWorkbook(wb));
    const hidden = await ingest(workbook, { sheet: 'Hidden' });
    expect(hidden.rows.map((r) => r.values.pack_model)).toEqual(['HIDDEN']);
    expect((await ingest(workbook, { sheet: 'Notes' })).code).toBe('HEADER_NOT_FOUND');
    expect(await ingest(workbook, { sheet: 'Nope' })).toMatchObject({ code: 'SHEET_NOT_FOUND', params: { sheet: 'Nope', sheets: ['Hidden', 'Notes', '申込'] } });
  });

  it('reads sharedStrings stored after the worksheet (exceljs streaming writer order)', async () => {
    const target = file('strings-after-sheet.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('Data');
    ws.addRow(HEADER_CELLS).commit();
    ws.addRow([300000001, 'SPK-1', 'SN-1', 'PC-1', new Date(Date.UTC(2026, 3, 1))]).commit();
    await ws.commit();
    await wb.commit();
    const names = zipEntryNames(readFileSync(target));
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    const out = await ingest(target);
    expect(out.rows.map((r) => [r.row, r.values.pack_serial, r.values.service_start])).toEqual([[2, 'SN-1', '2026-04-01']]);
  });

  it('a value in column XFD (16,384) → FILE_LIMITS, not a memory blow-up', async () => {
    const out = await ingest(
      await writeWorkbook(file('xfd.xlsx'), (wb) => {
        const ws = wb.addWorksheet('S');
        ws.addRow(HEADER_CELLS);
        ws.addRow([300000001, 'A', 'B', 'C', '2026-04-01']);
        ws.getRow(2).getCell(16_384).value = 'far';
      }),
    );
    expect(out).toMatchObject({ code: 'FILE_LIMITS', params: { limit: 200 } });
  });

  it('zip bomb guard: inflating past ratio × size → FILE_LIMITS, even when the directory lies', async () => {
    const bomb = await writeWorkbook(file('compressible.xlsx'), (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(HEADER_CELLS);
      for (let i = 0; i < 2000; i += 1) ws.addRow([300000001, 'A', `S${i}`, 'C', '2026-04-01', 'x'.repeat(1000)]);
    });
    expect((await ingest(bomb)).rows).toHaveLength(2000);
    expect((await ingest(bomb, { limits: { ...LIMITS, maxInflateRatio: 5 } })).code).toBe('FILE_LIMITS');
    expect((await ingest(bomb, { limits: { ...LIMITS, maxInflateBytes: 100_000 } })).code).toBe('FILE_LIMITS');
    // Declare every entry as 1 byte in the central directory: the bytes are counted anyway.
    const lying = file('lying-directory.xlsx', declareTinySizes(readFileSync(bomb)));
    expect((await ingest(lying)).rows).toHaveLength(2000);
    expect((await ingest(lying, { limits: { ...LIMITS, maxInflateRatio: 5 } })).code).toBe('FILE_LIMITS');
  });

  it('parts stored without compression (method 0, as Python\'s zipfile writes by default) are read', async () => {
    const rows = `<row r="1">${HEADER_CELLS.map((h, i) => `<c r="${'ABCDE'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row><row r="2"><c r="A2"><v>300000001</v></c></row>`;
    const out = await ingest(file('stored.xlsx', handWorkbook({ 申込: rows })));
    expect(out.code).toBeUndefined();
    expect(out.rows.map((r) => [r.row, r.values.support_id])).toEqual([[2, '300000001']]);
  });

  it('a sheet without `r` attributes is skipped (no header) or read by --sheet without a crash; t="d" ISO dates read as their date (issue 16)', async () => {
    // The crash issue 16 names: exceljs failed on a cell without `r` in a sheet packreg skipped.
    const inline = (text: string, ref = '') => `<c${ref ? ` r="${ref}"` : ''} t="inlineStr"><is><t>${text}</t></is></c>`;
    const notes = `<row>${inline('メモ')}${inline('no header here')}</row><row><c><v>1</v></c><c/>${inline('x')}</row>`;
    const dataRow = (r: number, serial: string, date: string) =>
      `<row r="${r}"><c r="A${r}"><v>30000000${r}</v></c>${inline('SPK-1', `B${r}`)}${inline(serial, `C${r}`)}${inline('PC-1', `D${r}`)}<c r="E${r}" t="d"><v>${date}</v></c></row>`;
    const data = `<row r="1">${HEADER_CELLS.map((h, i) => inline(h, `${'ABCDE'[i]}1`)).join('')}</row>${dataRow(2, 'SN-1', '2026-04-01T00:00:00')}${dataRow(3, 'SN-2', '2026-04-02')}`;
    const workbook = file('no-r-skipped.xlsx', handWorkbook({ Notes: notes, 申込: data }));
    const expected = [[2, 'SN-1', '2026-04-01'], [3, 'SN-2', '2026-04-02']];
    const skipped = await ingest(workbook);
    expect(skipped.code).toBeUndefined();
    expect(skipped.facts).toMatchObject({ sheet: '申込', headerRow: 1 });
    expect(skipped.rows.map((r) => [r.row, r.values.pack_serial, r.values.service_start])).toEqual(expected);
    expect((await ingest(workbook, { sheet: '申込' })).rows.map((r) => [r.row, r.values.pack_serial, r.values.service_start])).toEqual(expected);
    expect((await ingest(workbook, { sheet: 'Notes' })).code).toBe('HEADER_NOT_FOUND');
    // Read itself, each cell without `r` takes the column after the previous one, each row the next row.
    const opened = await openXlsx(workbook, LIMITS);
    try {
      const grid: string[][] = [];
      const { rows } = opened.openSheet(opened.sheets[0]!);
      for (let next = await rows.next(); !next.done; next = await rows.next()) for (const row of next.value) grid[row.row - 1] = [...row.cells];
      expect(grid).toEqual([['メモ', 'no header here'], ['1', '', 'x']]);
    } finally {
      opened.close();
    }
  });

  it('text kept from the package parts (relationships, content types, sheet names) is bounded, all parts together → FILE_LIMITS naming it', async () => {
    const workbook = await writeWorkbook(file('kept-text.xlsx'), (wb) => buildRichWorkbook(wb));
    expect((await ingest(workbook)).code).toBeUndefined();
    const out = await ingest(workbook, { limits: { ...LIMITS, maxPackageTextChars: 1_000 } });
    expect(out).toMatchObject({ code: 'FILE_LIMITS', params: { limit: 1_000 } });
    expect((out.params?.what as { en: string }).en).toMatch(/^characters kept from the workbook's package parts/);
    expect((out.params?.what as { ja: string }).ja).toMatch(/文字数/);
  });

  it('a 1 MB number format code used by 2,000 cell formats is read in linear time (its date test runs once, never per cell format)', async () => {
    // `[` without `]`, a million times: a backtracking pattern would take hours on it.
    const styles = `<numFmts count="1"><numFmt numFmtId="200" formatCode="${'['.repeat(1_000_000)}"/></numFmts><cellXfs count="2000">${'<xf numFmtId="200"/>'.repeat(2_000)}</cellXfs>`;
    const rows = `<row r="1">${HEADER_CELLS.map((h, i) => `<c r="${'ABCDE'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row><row r="2"><c r="A2"><v>300000001</v></c><c r="B2" t="inlineStr"><is><t>SPK-1</t></is></c><c r="C2" t="inlineStr"><is><t>SN-1</t></is></c><c r="D2" t="inlineStr"><is><t>PC-1</t></is></c><c r="E2" s="1"><v>46113</v></c></row>`;
    const started = performance.now();
    const out = await ingest(file('long-format.xlsx', handWorkbook({ 申込: rows }, styles)));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(out.rows.map((r) => r.cells[4])).toEqual(['46113']); // not a date format: the number as it is
  });

  it('each package part (content types, relationships, workbook, styles) is limited in inflated size; worksheets only by the total', async () => {
    const workbook = await writeWorkbook(file('part-size.xlsx'), (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(HEADER_CELLS);
      for (let i = 0; i < 2000; i += 1) ws.addRow([300000001, 'A', `S${i}`, 'C', '2026-04-01', 'x'.repeat(100)]);
    });
    // The worksheet (over 200 KB) is not held to the per-part limit of the package parts.
    expect((await ingest(workbook, { limits: { ...LIMITS, maxPackagePartBytes: 20_000 } })).rows).toHaveLength(2000);
    const out = await ingest(workbook, { limits: { ...LIMITS, maxPackagePartBytes: 500 } });
    expect(out).toMatchObject({ code: 'FILE_LIMITS', params: { limit: '500 bytes', what: { en: 'inflated size of [Content_Types].xml' } } });
    expect((out.params?.what as { ja: string }).ja).toBe('[Content_Types].xml の展開後の大きさ');
  });

  it('truncated workbooks and zips that are no workbook → FILE_UNREADABLE', async () => {
    const bytes = readFileSync(await writeWorkbook(file('whole.xlsx'), (wb) => buildRichWorkbook(wb)));
    for (const cut of [100, Math.floor(bytes.length / 2), bytes.length - 30]) {
      expect((await ingest(file(`truncated-${cut}.xlsx`, bytes.subarray(0, cut)))).code).toBe('FILE_UNREADABLE');
    }
    expect((await ingest(file('not-a-workbook.xlsx', storedZip({ 'readme.txt': 'hello' })))).code).toBe('FILE_UNREADABLE');
  });
});

const MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of hand-written parts: each sheet's `<sheetData>` content by name (tab order), and a styles part's content if given. */
function handWorkbook(sheets: Record<string, string>, styles?: string): Buffer {
  const names = Object.keys(sheets);
  const files: Record<string, string> = {
    '[Content_Types].xml': `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook ${MAIN_NS} xmlns:r="${REL}"><sheets>${names.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${styles === undefined ? '' : `<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`}</Relationships>`,
  };
  names.forEach((name, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = `<worksheet ${MAIN_NS}><sheetData>${sheets[name]}</sheetData></worksheet>`;
  });
  if (styles !== undefined) files['xl/styles.xml'] = `<styleSheet ${MAIN_NS}>${styles}</styleSheet>`;
  return storedZip(files);
}

/** Entry names in local-header order. */
function zipEntryNames(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = zip.indexOf('PK\x03\x04'); at >= 0; at = zip.indexOf('PK\x03\x04', at + 4)) {
    const length = zip.readUInt16LE(at + 26);
    names.push(zip.toString('utf8', at + 30, at + 30 + length));
  }
  return names;
}

function declareTinySizes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf('PK\x01\x02'); at >= 0; at = out.indexOf('PK\x01\x02', at + 4)) out.writeUInt32LE(1, at + 24);
  return out;
}

/** A minimal zip with stored (uncompressed) entries. */
function storedZip(files: Record<string, string>): Buffer {
  const { crc32 } = require('node:zlib') as { crc32(data: Buffer): number };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
void writeFileSync;
