import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/** `packreg review approve|reject RECEIPT_NO [--reason TEXT]`: the operator's review decision. */
export function registerReview(program: Command, say: Say): void {
  const review = program.command('review').description(say({
    ja: '確認中のお申し込みを承認・却下する(運用者のコマンド。PACKREG_OPERATOR または OS のユーザとして記録)',
    en: 'decide an application under review (operator command; audited as PACKREG_OPERATOR or the OS user)',
  }));
  for (const decision of ['approve', 'reject'] as const) {
    review
      .command(decision)
      .description(decision === 'approve'
        ? say({ ja: '確認中のお申し込みを完了にする', en: 'complete an application under review' })
        : say({ ja: '確認中のお申し込みを却下する: シリアルの登録を取り消し、未発送のラベルを取り消す', en: 'reject an application under review: its serials are released and its pending label cancelled' }))
      .argument('<receiptNo>', say({ ja: '受付番号', en: 'receipt number' }))
      .option('--reason <text>', say({ ja: '理由(記録され、利用管理者へ送られる)', en: 'why (recorded and sent to the administrators)' }))
      .addOption(jsonOption(say))
      .addOption(langOption(say))
      .action(lazyAction(() => import('../actions/reviewAction.js').then((m) => (receiptNo: string, options: object) => m.reviewAction(decision, receiptNo, options))));
  }
}
