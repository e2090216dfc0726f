import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import { loadImportRecord } from '../report/loadImportRecord.js';
import { writeJsonReport } from '../report/writeJsonReport.js';
import type { Companion } from './fileAway.js';

/**
 * The reports filed beside an imported file, rebuilt from the database for `importId`: the same
 * report whether the file was imported just now or is a copy of one imported before (reuse).
 * Written with `wx`: a report never replaces another file.
 */
export function importReports(ctx: Context, importId: string, lang: Lang): Companion[] {
  return [
    {
      suffix: '.report.json',
      async write(file) {
        const record = await loadImportRecord(ctx.db.knex, importId);
        const out = fs.createWriteStream(file, { flags: 'wx' });
        const done = finished(out);
        await writeJsonReport(ctx.db.knex, record, lang, out);
        out.end();
        await done;
      },
    },
  ];
}
