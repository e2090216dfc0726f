import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import { loadImportRecord } from '../report/loadImportRecord.js';
import type { ReportFormat } from '../report/reportFormatOf.js';
import { feedReportSinks, type ReportSink } from '../report/ReportSink.js';
import { openReport } from '../report/writeReport.js';
import { completeStreams } from '../report/writeReportFile.js';
import type { Companion } from './fileAway.js';

/** Reports filed beside an imported file: the JSON contract and the annotated workbook (SPEC §6). */
const FORMATS: readonly ReportFormat[] = ['json', 'xlsx'];

/**
 * The reports filed beside an imported file, rebuilt from the database for `importId`: the same
 * report whether the file was imported just now or is a copy of one imported before (reuse).
 * Both are written from one read of the import's rows, each to a hidden temporary file, then
 * linked into place, so a half-written report is never where the reseller looks and an existing
 * file is never replaced (`link` fails on EEXIST, where `rename` would overwrite).
 */
export function importReports(ctx: Context, importId: string, lang: Lang): Companion {
  return {
    suffixes: FORMATS.map((format) => `.report.${format}`),
    async write(files, folder) {
      const record = await loadImportRecord(ctx.db.knex, importId);
      const temps = FORMATS.map((format) => path.join(folder, `.report-${process.pid}-${Date.now()}.${format}.tmp`));
      const outs = temps.map((temp) => fs.createWriteStream(temp, { flags: 'wx' }));
      try {
        await completeStreams(outs, async (streams) => {
          const sinks: ReportSink[] = [];
          for (const [i, format] of FORMATS.entries()) sinks.push(await openReport(record, format, { lang }, streams[i]!));
          await feedReportSinks(ctx.db.knex, importId, sinks);
        });
        for (const [i, temp] of temps.entries()) await fs.promises.link(temp, files[i]!);
      } finally {
        for (const out of outs) out.destroy();
        await Promise.all(temps.map((temp) => fs.promises.rm(temp, { force: true })));
      }
    },
  };
}
