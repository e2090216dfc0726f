import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { FILE_ERRORS, fileErrorMessage, type FileErrorCode } from '../domain/fileErrors.js';
import type { Lang } from '../domain/lang.js';
import { encodeCp932 } from './encodeCp932.js';
import type { ImportRecord } from './loadImportRecord.js';
import { addPlainRow, makeReportWorkbook } from './reportWorkbook.js';
import { styleHeaderRow } from './reportStyles.js';
import { csvRecord, writeCsvReport, type ReportEncoding } from './writeCsvReport.js';
import { writeJsonReport } from './writeJsonReport.js';
import { writeXlsxReport } from './writeXlsxReport.js';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly lang: Lang;
  readonly encoding?: ReportEncoding;
}

/** SPEC §6: the format is the report path's extension (case-insensitive); null when unsupported. */
export function reportFormatOf(file: string): ReportFormat | null {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (REPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ReportFormat) : null;
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
 * Write one report of an import in `format` to `out` — the single dispatch the CLI (`import`,
 * `report`) and the HTTP server share. A failed import (file-level error) gets the error report
 * instead: JSON `{ error: { code, message } }` (SPEC §6), CSV and XLSX one code/message line.
 */
export async function writeReport(
  knex: Knex,
  record: ImportRecord,
  format: ReportFormat,
  options: ReportOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const error = record.status === 'failed' ? recordError(record, options.lang) : null;
  if (error) return writeErrorReport(error, format, options, out);
  if (format === 'json') return writeJsonReport(knex, record, options.lang, out);
  if (format === 'csv') return writeCsvReport(knex, record, options, out);
  return writeXlsxReport(knex, record, options, out);
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
    const text = csvRecord(headers) + csvRecord([error.code, error.message]);
    out.write(options.encoding === 'cp932' ? encodeCp932(text) : `\uFEFF${text}`);
  } else {
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

/**
 * The hidden temporary a report is written into before its rename: `.NAME.PID-XXXXXXXX.tmp`
 * beside it. The writer's pid is in the name so that, once that process is known to be dead (its
 * batch names it, see settleAbandonedImports), exactly its leftovers can be found and removed.
 */
function reportTemporary(file: string, pid: number, unique: string): string {
  return path.join(path.dirname(file), `${temporaryPrefix(file, pid)}${unique}.tmp`);
}

function temporaryPrefix(file: string, pid: number): string {
  return `.${path.basename(file)}.${pid}-`;
}

/** Remove the temporaries process `pid` (dead) left beside `file`; returns how many. */
export async function removeReportTemporaries(file: string, pid: number): Promise<number> {
  const prefix = temporaryPrefix(file, pid);
  const names = await fs.promises.readdir(path.dirname(file)).catch(() => [] as string[]);
  const leftovers = names.filter((n) => n.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(n.slice(prefix.length)));
  for (const name of leftovers) await fs.promises.rm(path.join(path.dirname(file), name), { force: true });
  return leftovers.length;
}

/**
 * Write a report file atomically: into a temporary file beside it, renamed into place once
 * complete, so a crash or a full disk never leaves a half report where the reseller looks.
 */
export async function writeReportFile(file: string, write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<void> {
  // Unique per call: the server may write the same report twice at once.
  const temp = reportTemporary(file, process.pid, randomBytes(4).toString('hex'));
  const out = fs.createWriteStream(temp);
  try {
    await write(out);
    // exceljs ends the stream itself when its zip is finalised; text writers leave it open.
    if (!out.writableEnded) out.end();
    await finished(out);
    await fs.promises.rename(temp, file);
  } catch (error) {
    out.destroy();
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

