import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { cancelImport } from '../../imports/cancelImport.js';
import { withContext } from '../withContext.js';

/** `packreg imports cancel` (registered in commands/importsCancelCommand.ts). */
export async function importsCancelAction(id: string, options: { reseller?: string; json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    if (options.reseller !== undefined) {
      const known = await ctx.db.knex('resellers').where({ reseller_code: options.reseller }).first('reseller_code');
      if (!known) throw new PackregError('RESELLER_UNKNOWN', { reseller: options.reseller });
    }
    const outcome = await cancelImport(ctx.db.knex, id.trim(), options.reseller ?? null);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
      return;
    }
    const lang = options.lang ?? ctx.config.lang;
    const text = outcome.status === 'cancelled'
      ? { ja: `取込 ${outcome.id} を取り消しました。`, en: `Import ${outcome.id} is cancelled.` }
      : { ja: `取込 ${outcome.id} の取り消しを受け付けました。次の確定グループの区切りで止まります(確定済みのお申し込みは有効のままです)。`,
          en: `Import ${outcome.id} will stop at its next commit-group boundary (applications already committed stay).` };
    process.stdout.write(`${text[lang]}\n`);
  });
}
