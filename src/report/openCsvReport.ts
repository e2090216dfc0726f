import { guardCsvText } from '../domain/formulaGuard.js';
import type { Lang } from '../domain/lang.js';
import { chunkedText } from './chunkedText.js';
import { encodeCp932 } from './encodeCp932.js';
import type { ImportRecord } from './loadImportRecord.js';
import type { ReportSink } from './ReportSink.js';
import { resultCells, resultHeaders } from './resultColumns.js';

export type ReportEncoding = 'utf8' | 'cp932';

export interface CsvReportOptions {
  readonly lang: Lang;
  /** utf8 (default) is written with a BOM, without which Excel reads UTF-8 as CP932. */
  readonly encoding?: ReportEncoding;
}

/** One CSV field (RFC 4180): quoted when it holds a quote, a comma, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One CSV record with CRLF, as Excel writes it. Text that starts like a formula gets the CSV guard
 * (domain/formulaGuard.ts); numbers are written as numbers, null/undefined as empty fields.
 */
export function csvRecord(values: readonly unknown[]): string {
  return `${values.map((v) => csvField(csvText(v))).join(',')}\r\n`;
}

function csvText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '';
  return guardCsvText(String(value));
}

/**
 * The CSV report of SPEC §6: the reseller's own header and cells in their original order, then
 * the result columns (row number, result, receipt number, effective service end, error and
 * warning codes and messages in `lang`), one record per input row in input order. Streamed from
 * the stored rows; a reseller cell with a line break stays one (quoted) record.
 */
export function openCsvReport(record: ImportRecord, options: CsvReportOptions, out: NodeJS.WritableStream): ReportSink {
  const cp932 = options.encoding === 'cp932';
  const text = chunkedText(out, cp932 ? encodeCp932 : undefined);
  const headers = record.facts?.headers ?? [];
  text.add(`${cp932 ? '' : '\uFEFF'}${csvRecord([...headers, ...resultHeaders(options.lang)])}`);
  return {
    wantsRows: true,
    // Stored cells are aligned with the headers; pad or cut so every record has the same width.
    add: (row) => text.add(csvRecord([...headers.map((_, i) => row.cells[i] ?? ''), ...resultCells(row, options.lang, ' / ')])),
    flush: text.flush,
    end: text.flush,
  };
}
