import { formatApplication } from '../../applications/formatApplication.js';
import { getApplication } from '../../applications/getApplication.js';
import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { withContext } from '../withContext.js';

/** `packreg status RECEIPT_NO` (registered in commands/statusCommand.ts). */
export async function statusAction(receiptNo: string, options: { json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const view = await getApplication(ctx.db.knex, receiptNo.trim().toUpperCase());
    if (!view) throw new PackregError('NOT_FOUND', { kind: 'receipt', id: receiptNo });
    process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatApplication(view, options.lang ?? ctx.config.lang));
  });
}
