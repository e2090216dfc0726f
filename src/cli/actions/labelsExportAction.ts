import type { Lang } from '../../domain/lang.js';
import { exportLabels } from '../../labels/exportLabels.js';
import { withContext } from '../withContext.js';

/** `packreg labels export PATH.csv` (registered in commands/labelsCommand.ts). */
export async function labelsExportAction(file: string, options: { json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const result = await exportLabels(ctx, file);
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if ((options.lang ?? ctx.config.lang) === 'ja') process.stdout.write(`ラベル発送 ${result.shipments} 件を ${result.path} に書き出しました\n`);
    else process.stdout.write(`${result.shipments} label shipment(s) exported to ${result.path}\n`);
  });
}
