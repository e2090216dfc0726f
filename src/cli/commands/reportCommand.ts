import { Command, Option } from 'commander';
import { PackregError } from '../../domain/PackregError.js';
import type { Lang } from '../../domain/lang.js';
import { loadImportRecord } from '../../report/loadImportRecord.js';
import type { ReportEncoding } from '../../report/writeCsvReport.js';
import { writeRejectsFile } from '../../report/writeRejectsFile.js';
import { writeReport, writeReportFile } from '../../report/writeReport.js';
import { langOption } from '../options.js';
import { withContext } from '../runCommand.js';
import { rejectsTarget, reportTargets } from './importCommand.js';

interface ReportOptions {
  report: string[];
  rejects?: string;
  reseller?: string;
  reportEncoding: ReportEncoding;
  lang?: Lang;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `packreg report IMPORT_ID --report PATH…`: rebuild any report (and the rejects file) from the
 * stored per-row results, in any language — findings are stored as codes and rendered now. A
 * failed import's reports hold its file-level error.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('rebuild the reports of an earlier import from its stored results')
    .argument('<importId>', 'the import ID printed by packreg import')
    .option('--report <path>', 'write a report (.json, .csv or .xlsx, by extension); repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('--rejects <path>', 'write the rejected and held rows to fix and upload again (.xlsx)')
    .option('--reseller <code>', 'only if the import belongs to this reseller')
    .addOption(new Option('--report-encoding <encoding>', 'encoding of CSV reports (cp932 for older Excel)').choices(['utf8', 'cp932']).default('utf8'))
    .addOption(langOption())
    .action(async (importId: string, options: ReportOptions) => {
      const targets = reportTargets(options.report);
      const rejects = rejectsTarget(options.rejects);
      if (targets.length === 0 && !rejects) throw new PackregError('USAGE', { detail: 'give at least one --report PATH (or --rejects PATH.xlsx)' });
      // Not a UUID cannot be an import: say "not found" rather than let the database complain.
      if (!UUID.test(importId)) throw new PackregError('NOT_FOUND', { what: `import ${importId}` });
      await withContext(async (ctx) => {
        const lang = options.lang ?? ctx.config.lang;
        const record = await loadImportRecord(ctx.db.knex, importId, options.reseller);
        for (const t of targets) {
          await writeReportFile(t.path, (out) => writeReport(ctx.db.knex, record, t.format, { lang, encoding: options.reportEncoding }, out));
        }
        if (rejects) await writeReportFile(rejects, (out) => writeRejectsFile(ctx.db.knex, record, { lang }, out));
      });
    });
}
