import type { Command } from 'commander';
import { formatApplication } from '../../applications/formatApplication.js';
import { getApplication } from '../../applications/getApplication.js';
import { PackregError } from '../../domain/PackregError.js';
import type { Lang } from '../../domain/lang.js';
import { langOption } from '../options.js';
import { withContext } from '../runCommand.js';

/** `packreg status RECEIPT_NO`: the portal's 登録状況確認 (registration status). */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show an application: support ID, customer, status, registrations (service period, site, options) and label shipment')
    .argument('<receiptNo>', 'receipt number, e.g. R2611250000123')
    .option('--json', 'print the application as JSON')
    .addOption(langOption())
    .action(async (receiptNo: string, options: { json?: boolean; lang?: Lang }) => {
      await withContext(async (ctx) => {
        const view = await getApplication(ctx.db.knex, receiptNo.trim().toUpperCase());
        if (!view) throw new PackregError('NOT_FOUND', { what: `receipt ${receiptNo}` });
        process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatApplication(view, options.lang ?? ctx.config.lang));
      });
    });
}
