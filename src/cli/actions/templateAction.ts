import type { Lang } from '../../domain/lang.js';
import { writeTemplate, type TemplateCounts } from '../../report/writeTemplate.js';
import { writeReportFile } from '../../report/writeReportFile.js';
import { withContext } from '../withContext.js';
import { requireReseller } from './requireReseller.js';
import { workbookTarget } from './reportTargets.js';

/**
 * `packreg template PATH.xlsx [--reseller CODE]` (registered in commands/templateCommand.ts):
 * with a reseller, its own active support IDs and label recipients are in the drop-downs too.
 * `--json` prints `{ path, reseller, lists: { supportIds, packModels, productModels, labelRecipients } }` (counts).
 */
export async function templateAction(path: string, options: { lang?: Lang; json?: boolean; reseller?: string }): Promise<void> {
  workbookTarget(path, 'template');
  await withContext(async (ctx) => {
    if (options.reseller) await requireReseller(ctx, options.reseller);
    let lists: TemplateCounts | undefined;
    await writeReportFile(path, async (out) => {
      lists = await writeTemplate(ctx.db.knex, { lang: options.lang ?? ctx.config.lang, resellerCode: options.reseller ?? null }, out);
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ path, reseller: options.reseller ?? null, lists })}\n`);
  });
}
