import { excelSerialToDate } from '../rules/excelSerialToDate.js';

/**
 * What a user sees in a cell, as text (SPEC §3), from the cell's type (`t`) and its raw value —
 * the `<v>` text, the joined `<is>` text of an inline string, or the shared string already
 * looked up:
 * - strings (shared, inline, a formula's string result `str`) with Excel's `_xHHHH_` escapes
 *   decoded (`_x000D_` → CR; shared strings arrive decoded already);
 * - numbers that are codes keep every digit, with no `.0` and no exponent (300000001,
 *   12345678901234);
 * - a number in a date format is the calendar date `YYYY-MM-DD`, computed from the serial in UTC
 *   days, so the machine's time zone never shifts it, with Excel's 1900-02-29 rule and the
 *   workbook's 1900/1904 system; a formula gives its cached result the same way, never evaluated;
 * - booleans TRUE/FALSE (a cached FALSE or 0 is a value, not a blank), errors as written
 *   (`#N/A`, `#DIV/0!`: a rule can reject them), ISO dates (`t="d"`) as their date.
 */
export function xlsxCellText(type: string, raw: string, isDate: boolean, date1904: boolean): string {
  switch (type) {
    case 's':
    case 'e':
      return raw;
    case 'str':
    case 'inlineStr':
      return unescapeOoxml(raw);
    case 'b':
      return raw === '' ? '' : raw === '0' || raw.toLowerCase() === 'false' ? 'FALSE' : 'TRUE';
    case 'd': {
      const ymd = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(raw.trim());
      return ymd ? ymd[1]! : raw;
    }
    default: {
      if (raw === '') return '';
      const n = Number(raw);
      if (Number.isNaN(n)) return unescapeOoxml(raw);
      if (isDate) return excelSerialToDate(n, date1904) ?? formatNumber(n);
      return formatNumber(n);
    }
  }
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
