import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type CellLook, makeSheetRowWriter } from '../../../src/report/makeSheetRowWriter.js';
import { FILLS, styleHeaderRow, WRAP } from '../../../src/report/reportStyles.js';
import { addPlainRow, makeReportWorkbook } from '../../../src/report/reportWorkbook.js';
import { seededRandom } from '../../helpers/seededRandom.js';
import { zipEntries } from '../../helpers/zipEntries.js';

type Row = { values: unknown[]; looks: Map<number, CellLook> };

/** Cell values a report meets: markup, quotes, controls XML forbids, formula-like text, CJK, numbers. */
const VALUES: unknown[] = [
  '', 'SP-HW-EXP-12M', '=1+1', '+81-3-1234', '-5', '@SUM(A1)', '\t=cmd', '＝全角', 'サポートID 第⑤ビル', 'a<b>&c"d\'e',
  'x\u0001y\u0008z\u000bw\u001f\u007fv', 'line\nbreak\r\nand\ttab', 'lone \ud800 surrogate', '😀 astral', ' lead space',
  0, -3, 1.5, 1e21, 123456789012, Number.NaN, Number.POSITIVE_INFINITY, null, undefined,
];
const WIDE = ['x'.repeat(70_000), 'あ'.repeat(30_000), '<&>'.repeat(8_000), `=${'1+'.repeat(20_000)}1`];
const LOOKS: CellLook[] = [
  { fill: FILLS.rejected }, { fill: FILLS.warning }, { fill: FILLS.ok }, { fill: FILLS.held }, { alignment: WRAP },
  { fill: FILLS.rejected, alignment: WRAP }, { fill: FILLS.warning, note: 'W_CODE: 注意 <して> & "quote"' },
  { fill: FILLS.rejected, note: 'E_CODE: 行 3\nE_OTHER: second line' }, { note: 'only a note' },
];

function makeRows(seed: number, count: number, width: number): Row[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    // Now and then a cell as long as a chunk or longer (rows that close a chunk or go on alone).
    const values = Array.from({ length: width }, () => (random() < 0.002 ? pick(WIDE) : pick(VALUES)));
    const looks = new Map<number, CellLook>();
    for (let n = Math.floor(random() * 4); n > 0; n -= 1) looks.set(Math.floor(random() * width), pick(LOOKS));
    return { values, looks };
  });
}

/**
 * One workbook as the reports write it: a frozen, filtered sheet with a styled header, its data
 * rows through `writeRows`, then a second sheet (its styles registered after the rows').
 */
async function workbookOf(width: number, columnStyle: Record<string, unknown> | undefined, writeRows: (sheet: ExcelJS.Worksheet) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _encoding, callback) => { chunks.push(chunk); callback(); } });
  const workbook = makeReportWorkbook(out);
  workbook.created = workbook.modified = new Date('2026-12-01T00:00:00Z');
  const sheet = workbook.addWorksheet('登録結果', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width } };
  sheet.columns = Array.from({ length: width }, (_, i) => ({ width: 10 + i, ...(columnStyle ? { style: columnStyle } : {}) }));
  const header = addPlainRow(sheet, Array.from({ length: width }, (_, i) => `見出し${i}`));
  styleHeaderRow(header);
  header.commit();
  await writeRows(sheet);
  sheet.commit();
  const summary = workbook.addWorksheet('概要');
  const last = addPlainRow(summary, ['=not a formula', 3, '合計']);
  last.getCell(2).fill = FILLS.review;
  last.commit();
  summary.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** The rows through exceljs's own cells: the writer's oracle. */
const throughExceljs = (rows: readonly Row[]) => async (sheet: ExcelJS.Worksheet) => {
  for (const { values, looks } of rows) {
    const line = addPlainRow(sheet, values);
    for (const [column, look] of [...looks].sort(([a], [b]) => a - b)) {
      const cell = line.getCell(column + 1);
      if (look.alignment) cell.alignment = look.alignment;
      if (look.fill) cell.fill = look.fill;
      if (look.note !== undefined) cell.note = { texts: [{ text: look.note }] };
    }
    line.commit();
  }
};

const throughWriter = (rows: readonly Row[], columnStyle?: Record<string, unknown>) => async (sheet: ExcelJS.Worksheet) => {
  const writer = makeSheetRowWriter(sheet, columnStyle ? Array.from({ length: rows[0]?.values.length ?? 0 }, () => columnStyle) : []);
  for (const { values, looks } of rows) if (writer.add(values, looks)) await writer.flush();
  await writer.flush();
};

describe('makeSheetRowWriter', () => {
  for (const [name, columnStyle] of [['plain columns (the XLSX report)', undefined], ['text-formatted columns (the rejects file)', { numFmt: '@' }]] as const) {
    it(`writes the workbook exceljs writes for the same rows, entry by entry: ${name}`, { timeout: 120_000 }, async () => {
      // 30 columns: past Z; 3,000 rows: several 64 K chunks and several hundred comments.
      const rows = makeRows(columnStyle ? 7 : 19, 3_000, 30);
      const expected = await zipEntries(await workbookOf(30, columnStyle, throughExceljs(rows)));
      const actual = await zipEntries(await workbookOf(30, columnStyle, throughWriter(rows, columnStyle)));
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      expect(expected.has('xl/comments1.xml')).toBe(true);
      for (const [entry, bytes] of expected) {
        // Not toEqual on the buffers: a mismatch should print the first difference readably.
        const mine = actual.get(entry)!;
        if (!mine.equals(bytes)) {
          let at = 0;
          while (at < bytes.length && mine[at] === bytes[at]) at += 1;
          expect({ entry, mine: mine.subarray(at - 200, at + 200).toString() }).toEqual({ entry, mine: bytes.subarray(at - 200, at + 200).toString() });
        }
      }
    });
  }

  it('asks for a flush after every row that sends XML on, so wide rows wait for the deflate too', () => {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const sheet = makeReportWorkbook(sink).addWorksheet('s');
    const writer = makeSheetRowWriter(sheet);
    expect(writer.add(['short', 1])).toBe(false);
    // Wider than a chunk: goes on by itself, with what was gathered before it.
    expect(writer.add(['あ'.repeat(50_000)])).toBe(true);
    expect(writer.add(['short again'])).toBe(true);
  });

  it('refuses a sheet with rows exceljs has not written yet, and anything but a streaming sheet', () => {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const sheet = makeReportWorkbook(sink).addWorksheet('s');
    addPlainRow(sheet, ['a']);
    expect(() => makeSheetRowWriter(sheet)).toThrow(/commit the rows/);
    expect(() => makeSheetRowWriter({} as never)).toThrow(/exceljs internals changed/);
  });
});
