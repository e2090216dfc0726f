import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, parsePositiveInt, type Say } from '../options.js';

/**
 * `packreg webhook set|show|remove|deliveries --reseller CODE` (issue 20 item 5): a JSON POST to
 * the reseller's URL when one of its imports finishes or fails, signed, sent by `packreg outbox send`.
 */
export function registerWebhook(program: Command, say: Say): void {
  const webhook = program.command('webhook').description(say({ ja: '取込の完了・失敗を販売店に知らせる Webhook(署名付き JSON POST)', en: "a reseller's webhook: a signed JSON POST when an import finishes or fails" }));
  const action = (name: 'webhookSetAction' | 'webhookShowAction' | 'webhookRemoveAction' | 'webhookDeliveriesAction') =>
    lazyAction(() => import('../actions/webhookActions.js').then((m) => m[name]));
  const reseller = say({ ja: '販売店コード', en: 'reseller code' });
  webhook
    .command('set')
    .description(say({ ja: 'URL を設定する。初回(または --rotate-secret)は署名用シークレットを表示する(表示はこの 1 回だけ)', en: 'set the URL; the first time (or with --rotate-secret) the signing secret is printed, only this once' }))
    .argument('<url>', say({ ja: 'http:// または https:// の URL', en: 'an http:// or https:// URL' }))
    .requiredOption('--reseller <code>', reseller)
    .option('--rotate-secret', say({ ja: '新しいシークレットを作る', en: 'generate a new secret' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('webhookSetAction'));
  webhook
    .command('show')
    .description(say({ ja: '設定を表示する(シークレットは表示しない)', en: 'show the setting (never the secret)' }))
    .requiredOption('--reseller <code>', reseller)
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('webhookShowAction'));
  webhook
    .command('remove')
    .description(say({ ja: 'Webhook を削除する(未送信の通知は取り消す)', en: 'remove the webhook (pending deliveries are cancelled)' }))
    .requiredOption('--reseller <code>', reseller)
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('webhookRemoveAction'));
  webhook
    .command('deliveries')
    .description(say({ ja: '送信履歴(新しい順、試行ごとの結果付き)', en: 'deliveries, newest first, with every attempt' }))
    .requiredOption('--reseller <code>', reseller)
    .option('--limit <n>', say({ ja: '表示する件数(最大 100)', en: 'how many (at most 100)' }), parsePositiveInt)
    .option('--before <id>', say({ ja: 'この ID より古いもの(前回の next)', en: 'older than this id (the previous page\'s next)' }), parsePositiveInt)
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('webhookDeliveriesAction'));
}
