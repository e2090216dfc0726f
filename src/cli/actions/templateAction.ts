import type { Lang } from '../../domain/lang.js';
import { writeTemplate } from '../../report/writeTemplate.js';
import { writeReportFile } from '../../report/writeReportFile.js';
import { withContext } from '../withContext.js';
import { workbookTarget } from './reportTargets.js';

/** `packreg template PATH.xlsx` (registered in commands/templateCommand.ts). */
export async function templateAction(path: string, options: { lang?: Lang; json?: boolean }): Promise<void> {
  workbookTarget(path, 'template');
  await withContext(async (ctx) => {
    let packModels = 0;
    await writeReportFile(path, async (out) => {
      packModels = (await writeTemplate(ctx.db.knex, { lang: options.lang ?? ctx.config.lang }, out)).packModels;
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ path, packModels })}\n`);
  });
}
