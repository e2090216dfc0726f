import type { Knex } from 'knex';
import { FILE_ERRORS, fileErrorMessage, type FileErrorCode } from '../domain/fileErrors.js';
import type { Lang } from '../domain/lang.js';
import type { ImportRecord } from './loadImportRecord.js';
import type { ReportFormat } from './reportFormatOf.js';
import { feedReportSinks, type ReportSink } from './ReportSink.js';
import type { ReportEncoding } from './openCsvReport.js';


export interface ReportOptions {
  readonly lang: Lang;
  readonly encoding?: ReportEncoding;
}

/** A file-level error as reports show it: `{ code, message }` in the chosen language. */
export interface ReportedError {
  readonly code: string;
  readonly message: string;
}

/** The error of a failed import record, rendered from the catalog. */
export function recordError(record: ImportRecord, lang: Lang): ReportedError | null {
  if (!record.error) return null;
  const { code, params } = record.error;
  const message = code in FILE_ERRORS ? fileErrorMessage(code as FileErrorCode, params, lang) : code;
  return { code, message };
}

/**
 * Open one report of an import in `format` on `out` — the single dispatch the CLI (`import`,
 * `report`), the nightly job and the HTTP server share. A failed import (file-level error) gets
 * the error report instead: JSON `{ error: { code, message } }` (SPEC §6), CSV and XLSX one
 * code/message line.
 */
export async function openReport(record: ImportRecord, format: ReportFormat, options: ReportOptions, out: NodeJS.WritableStream): Promise<ReportSink> {
  const error = record.status === 'failed' ? recordError(record, options.lang) : null;
  if (error) return { wantsRows: false, add: () => false, flush: async () => {}, end: () => writeErrorReport(error, format, options, out) };
  // Each writer is loaded when its format is asked for: exceljs alone costs a CSV or JSON
  // report ~0.25 s and ~27 MB (issue 19).
  if (format === 'json') return (await import('./openJsonReport.js')).openJsonReport(record, options.lang, out);
  if (format === 'csv') return (await import('./openCsvReport.js')).openCsvReport(record, options, out);
  return (await import('./openXlsxReport.js')).openXlsxReport(record, options, out);
}

/** Write one report of an import in `format` to `out` (see openReport). */
export async function writeReport(
  knex: Knex,
  record: ImportRecord,
  format: ReportFormat,
  options: ReportOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  await feedReportSinks(knex, record.id, [await openReport(record, format, options, out)]);
}

/** The report of an import that stopped at a file-level error, in any format. */
export async function writeErrorReport(
  error: ReportedError,
  format: ReportFormat,
  options: ReportOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const headers = options.lang === 'ja' ? ['エラーコード', 'エラー内容'] : ['error code', 'message'];
  if (format === 'json') {
    out.write(`${JSON.stringify({ error })}\n`);
  } else if (format === 'csv') {
    const { csvRecord } = await import('./openCsvReport.js');
    const text = csvRecord(headers) + csvRecord([error.code, error.message]);
    out.write(options.encoding === 'cp932' ? (await import('./encodeCp932.js')).encodeCp932(text) : `\uFEFF${text}`);
  } else {
    const { addPlainRow, makeReportWorkbook } = await import('./reportWorkbook.js');
    const { styleHeaderRow } = await import('./reportStyles.js');
    const workbook = makeReportWorkbook(out);
    const sheet = workbook.addWorksheet(options.lang === 'ja' ? 'エラー' : 'error');
    sheet.columns = [{ width: 26 }, { width: 100 }];
    const header = addPlainRow(sheet, headers);
    styleHeaderRow(header);
    header.commit();
    addPlainRow(sheet, [error.code, error.message]).commit();
    sheet.commit();
    await workbook.commit();
  }
}
