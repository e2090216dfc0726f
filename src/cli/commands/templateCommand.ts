import { Command } from 'commander';
import { PackregError } from '../../domain/PackregError.js';
import type { Lang } from '../../domain/lang.js';
import { reportFormatOf, writeReportFile } from '../../report/writeReport.js';
import { writeTemplate } from '../../report/writeTemplate.js';
import { langOption } from '../options.js';
import { withContext } from '../runCommand.js';

/**
 * `packreg template PATH.xlsx`: the blank upload sheet (Japanese headers, a note on each, a pack
 * model drop-down from the reference data — hence the database).
 */
export function registerTemplate(program: Command): void {
  program
    .command('template')
    .description('write a blank upload workbook with notes and a pack model drop-down')
    .argument('<path>', 'where to write it (.xlsx)')
    .addOption(langOption())
    .action(async (path: string, options: { lang?: Lang }) => {
      if (reportFormatOf(path) !== 'xlsx') throw new PackregError('USAGE', { detail: `the template is an Excel workbook: give a path ending in .xlsx (got ${path})` });
      await withContext(async (ctx) => {
        await writeReportFile(path, (out) => writeTemplate(ctx.db.knex, { lang: options.lang ?? ctx.config.lang }, out));
      });
    });
}
