import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/**
 * `packreg imports cancel ID [--reseller CODE] [--json]` (issue 20 item 4). `imports` may already
 * be registered by another `imports` subcommand (list): the subcommand joins it.
 */
export function registerImportsCancel(program: Command, say: Say): void {
  const imports = program.commands.find((c) => c.name() === 'imports')
    ?? program.command('imports').description(say({ ja: '取込(インポート)の一覧・取り消し', en: 'imports: list, cancel' }));
  imports
    .command('cancel')
    .description(say({
      ja: '取込を取り消す: 待機中ならすぐに、実行中なら次の確定グループの区切りで止める(確定済みのお申し込みは有効のまま)',
      en: 'cancel an import: a queued one at once, a running one at its next commit-group boundary (committed applications stay)',
    }))
    .argument('<id>', say({ ja: '取込 ID', en: 'import id' }))
    .option('--reseller <code>', say({ ja: 'この販売店の取込に限る(他の販売店の取込は「見つかりません」)', en: "only this reseller's imports (another reseller's is not found)" }))
    .addOption(jsonOption(say, { ja: '{ id, status } を出力する(status: cancelled または cancelling)', en: 'print { id, status } (status: cancelled or cancelling)' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/importsCancelAction.js').then((m) => m.importsCancelAction)));
}
