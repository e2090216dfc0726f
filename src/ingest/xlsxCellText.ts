import { createRequire } from 'node:module';
import { excelSerialToDate } from '../rules/excelSerialToDate.js';

const require = createRequire(import.meta.url);
const excelUtils = require('exceljs/lib/utils/utils.js') as { isDateFmt(format: string | undefined): boolean };

export interface CellTextContext {
  /** The workbook's date system (read from workbook.xml up front and handed to exceljs too). */
  readonly date1904: boolean;
}

/** The exceljs cell parts we read (streaming reader). */
export interface ExcelCellLike {
  readonly value: unknown;
  readonly numFmt?: string | undefined;
}

/**
 * What a user sees in a cell, as text (SPEC §3):
 * - shared strings arrive as `String` objects (see makeWorkbookReader), already joined and unescaped;
 *   inline strings and formula string results are unescaped here (`_x000D_` → CR: exceljs leaves
 *   Excel's escapes in formula results);
 * - numbers that are codes keep every digit, with no `.0` and no exponent (300000001,
 *   12345678901234);
 * - date cells are the calendar date `YYYY-MM-DD`, computed from the serial in UTC days, so the
 *   machine's time zone never shifts it, and with Excel's 1900-02-29 rule (exceljs is a day early
 *   before 1900-03-01);
 * - formulas give their cached result, never evaluated (a date-formatted formula is a date);
 * - booleans TRUE/FALSE, errors as written (#N/A), hyperlinks their text.
 */
export function xlsxCellText(cell: ExcelCellLike, context: CellTextContext): string {
  return valueText(cell.value, cell.numFmt, context);
}

function valueText(value: unknown, numFmt: string | undefined, context: CellTextContext): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescapeOoxml(value);
  if (value instanceof String) return value.valueOf();
  if (typeof value === 'number') {
    if (numFmt && excelUtils.isDateFmt(numFmt)) return excelSerialToDate(value, context.date1904) ?? formatNumber(value);
    return formatNumber(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, context);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
    if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? '' : valueText(v.result, numFmt, context);
    if (typeof v.error === 'string') return v.error;
    if ('text' in v) return valueText(v.text, numFmt, context);
  }
  return '';
}

function dateText(date: Date, context: CellTextContext): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return '';
  // Undo exceljs's conversion (utils.excelToDate, UTC milliseconds) to get Excel's serial back,
  // then convert it ourselves: exceljs ignores the fake 1900-02-29.
  const serial = 25569 + ms / 86_400_000 - (context.date1904 ? 1462 : 0);
  return excelSerialToDate(serial, context.date1904) ?? '';
}

/** Integers as plain digits; other numbers in the shortest form that reads back the same, never with an exponent. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_`; `_x005F_` is a literal underscore. */
export function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}
