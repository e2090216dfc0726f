import type { Knex } from 'knex';
import type { ImportRecord } from './loadImportRecord.js';
import type { ReportFormat } from './reportFormatOf.js';
import { feedReportSinks, type ReportSink } from './ReportSink.js';
import { openReport, type ReportOptions } from './writeReport.js';
import { writeReportFiles } from './writeReportFile.js';

/** Report files asked for on the command line (`--report`, each format by its extension; `--rejects`). */
export interface ReportFiles {
  readonly targets: ReadonlyArray<{ readonly path: string; readonly format: ReportFormat }>;
  readonly rejects?: string | undefined;
}

/**
 * Write every report file asked for of one import (`import` and `report`), each atomically, from
 * one read of its stored rows: each report read them again before, and a million rows take ≈ 16 s
 * to read back (BENCHMARKS.md, seventeenth round). Returns how many rows the rejects file holds.
 */
export async function writeImportReports(knex: Knex, record: ImportRecord, files: ReportFiles, options: ReportOptions): Promise<{ rejectedRows: number }> {
  const { targets, rejects } = files;
  if (targets.length === 0 && !rejects) return { rejectedRows: 0 };
  const paths = [...targets.map((t) => t.path), ...(rejects ? [rejects] : [])];
  return writeReportFiles(paths, async (outs) => {
    const sinks: ReportSink[] = [];
    for (const [i, t] of targets.entries()) sinks.push(await openReport(record, t.format, options, outs[i]!));
    // exceljs only when a workbook is asked for (issue 19: start-up counts).
    const rejectsFile = rejects ? (await import('./writeRejectsFile.js')).openRejectsFile(record, { lang: options.lang }, outs[targets.length]!) : null;
    if (rejectsFile) sinks.push(rejectsFile);
    await feedReportSinks(knex, record.id, sinks);
    return { rejectedRows: rejectsFile?.rows ?? 0 };
  });
}
