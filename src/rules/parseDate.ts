import { excelSerialToDate, formatYmd } from './excelSerialToDate.js';

export interface ParseDateOptions {
  /** The workbook uses the 1904 date system (bare serials count from 1904-01-01). */
  readonly date1904?: boolean;
  /** Accept a bare number as an Excel serial (date columns do; SPEC §3). Default true. */
  readonly serials?: boolean;
}

/** Japanese eras: first day (inclusive) and last day (inclusive) as `YYYY-MM-DD`. */
const ERAS: Readonly<Record<string, { readonly start: string; readonly end: string }>> = {
  R: { start: '2019-05-01', end: '9999-12-31' },
  H: { start: '1989-01-08', end: '2019-04-30' },
  S: { start: '1926-12-25', end: '1989-01-07' },
};
const ERA_NAMES: Readonly<Record<string, string>> = { 令和: 'R', 平成: 'H', 昭和: 'S' };

const ISO_LIKE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const KANJI = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const ERA_KANJI = /^(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$/;
const ERA_LETTER = /^([RHS])(元|\d{1,2})([./-])(\d{1,2})\3(\d{1,2})$/i;
// Excel's CSV export of a date-time cell writes "2026/04/01 0:00" or "2026/4/1 00:00:00".
const TIME_SUFFIX = /\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const SERIAL = /^\d{1,7}(?:\.\d+)?$/;

/**
 * Parse a date cell (SPEC §3) into `YYYY-MM-DD`, or null when it is not a date packreg accepts
 * (validation then reports `DATE_FORMAT`). Pure; shared by ingest and validation.
 *
 * Accepts `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, eras 令和/平成/昭和 written in
 * kanji (`令和8年4月1日`, `令和元年5月1日`) or as a letter (`R8.4.1`, `R8/4/1`, `H31.4.30`), an
 * optional time after a space (Excel's CSV export of date-time cells), and bare Excel serials.
 * Full-width digits are accepted (the text is NFKC'd first). Impossible dates (2026-02-30), dates
 * outside their era (H31.5.1, R1.4.30) and year-less dates (`4月1日`) give null.
 */
export function parseDate(input: string, options: ParseDateOptions = {}): string | null {
  const text = input.normalize('NFKC').trim().replace(TIME_SUFFIX, '');
  if (text === '') return null;

  let m = ISO_LIKE.exec(text);
  if (m) return checkedYmd(Number(m[1]), Number(m[3]), Number(m[4]));
  m = KANJI.exec(text);
  if (m) return checkedYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = ERA_KANJI.exec(text);
  if (m) return eraDate(ERA_NAMES[m[1]!]!, m[2]!, Number(m[3]), Number(m[4]));
  m = ERA_LETTER.exec(text);
  if (m) return eraDate(m[1]!.toUpperCase(), m[2]!, Number(m[4]), Number(m[5]));
  if ((options.serials ?? true) && SERIAL.test(text)) {
    return excelSerialToDate(Number(text), options.date1904 ?? false);
  }
  return null;
}

function eraDate(era: string, yearText: string, month: number, day: number): string | null {
  const span = ERAS[era];
  if (!span) return null;
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  if (eraYear < 1) return null;
  const startYear = Number(span.start.slice(0, 4));
  const ymd = checkedYmd(startYear + eraYear - 1, month, day);
  if (ymd === null || ymd < span.start || ymd > span.end) return null;
  return ymd;
}

function checkedYmd(year: number, month: number, day: number): string | null {
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches impossible days.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return formatYmd(year, month, day);
}
