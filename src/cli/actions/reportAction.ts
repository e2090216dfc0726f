import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { loadImportRecord } from '../../report/loadImportRecord.js';
import type { ReportEncoding } from '../../report/openCsvReport.js';
import { writeImportReports } from '../../report/writeImportReports.js';
import { withContext } from '../withContext.js';
import { reportTargets, workbookTarget } from './reportTargets.js';

interface ReportOptions {
  report: string[];
  rejects?: string;
  reseller?: string;
  reportEncoding: ReportEncoding;
  lang?: Lang;
  json?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `packreg report` (registered in commands/reportCommand.ts). A failed import's reports hold its file-level error. */
export async function reportAction(importId: string, options: ReportOptions): Promise<void> {
  const targets = reportTargets(options.report);
  const rejects = workbookTarget(options.rejects, '--rejects');
  if (targets.length === 0 && !rejects) {
    throw new PackregError('USAGE', {
      detail: { ja: '--report PATH(または --rejects PATH.xlsx)を 1 つ以上指定してください', en: 'give at least one --report PATH (or --rejects PATH.xlsx)' },
    });
  }
  // Not a UUID cannot be an import: say "not found" rather than let the database complain.
  if (!UUID.test(importId)) throw new PackregError('NOT_FOUND', { kind: 'import', id: importId });
  await withContext(async (ctx) => {
    const lang = options.lang ?? ctx.config.lang;
    const record = await loadImportRecord(ctx.db.knex, importId, options.reseller);
    await writeImportReports(ctx.db.knex, record, { targets, rejects }, { lang, encoding: options.reportEncoding });
    if (options.json) process.stdout.write(`${JSON.stringify({ importId, written: [...targets.map((t) => t.path), ...(rejects ? [rejects] : [])] })}\n`);
  });
}
