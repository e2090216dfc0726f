import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import { loadImportRecord } from '../report/loadImportRecord.js';
import type { ReportFormat } from '../report/reportFormatOf.js';
import { writeReport } from '../report/writeReport.js';
import type { Companion } from './fileAway.js';

/** Reports filed beside an imported file: the JSON contract and the annotated workbook (SPEC §6). */
const FORMATS: readonly ReportFormat[] = ['json', 'xlsx'];

/**
 * The reports filed beside an imported file, rebuilt from the database for `importId`: the same
 * report whether the file was imported just now or is a copy of one imported before (reuse).
 * Each is written to a hidden temporary file and linked into place, so a half-written report is
 * never where the reseller looks and an existing file is never replaced (`link` fails on EEXIST,
 * where `rename` would overwrite).
 */
export function importReports(ctx: Context, importId: string, lang: Lang): Companion[] {
  return FORMATS.map((format) => ({
    suffix: `.report.${format}`,
    async write(file, folder) {
      const record = await loadImportRecord(ctx.db.knex, importId);
      const temp = path.join(folder, `.report-${process.pid}-${Date.now()}.${format}.tmp`);
      const out = fs.createWriteStream(temp, { flags: 'wx' });
      try {
        await writeReport(ctx.db.knex, record, format, { lang }, out);
        // exceljs ends the stream itself when its zip is finalised; the JSON writer leaves it open.
        if (!out.writableEnded) out.end();
        await finished(out);
        await fs.promises.link(temp, file);
      } finally {
        out.destroy();
        await fs.promises.rm(temp, { force: true });
      }
    },
  }));
}
