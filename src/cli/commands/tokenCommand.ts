import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/**
 * `packreg token create --reseller CODE [--label TEXT] [--json]` prints a new API token once —
 * alone on stdout, or `{ "token", "id" }` with --json — and stores only its hash;
 * `packreg token revoke ID|TOKEN`; `packreg token list [--reseller CODE] [--json]` (never tokens).
 */
export function registerToken(program: Command, say: Say): void {
  const token = program.command('token').description(say({ ja: 'packreg serve の API トークン(販売店ごとに 1 つ以上)', en: 'API tokens for `packreg serve` (one or more per reseller)' }));
  const tokenAction = (name: 'tokenCreateAction' | 'tokenRevokeAction' | 'tokenListAction') =>
    lazyAction(() => import('../actions/tokenActions.js').then((m) => m[name]));
  token
    .command('create')
    .description(say({ ja: '販売店のトークンを作成して表示する(表示はこの 1 回だけ)', en: 'create a token for a reseller and print it (it is shown only this once)' }))
    .requiredOption('--reseller <code>', say({ ja: 'トークンが代表する販売店コード', en: 'reseller code the token speaks for' }))
    .option('--label <text>', say({ ja: '運用者向けのメモ(誰・何が使うか)', en: 'a note for operators (who or what uses it)' }), '')
    .addOption(jsonOption(say, { ja: '{ "token": …, "id": … } を出力する', en: 'print { "token": …, "id": … }' }))
    .addOption(langOption(say))
    .action(tokenAction('tokenCreateAction'));
  token
    .command('revoke')
    .description(say({ ja: 'トークンを無効にする(token list の ID またはトークンそのもので指定)', en: 'revoke a token, given by its id (from `token list`) or the token itself' }))
    .argument('<idOrToken>', say({ ja: 'トークンの ID またはトークン', en: 'token id or token' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(tokenAction('tokenRevokeAction'));
  token
    .command('list')
    .description(say({ ja: 'トークンの一覧(ID・販売店・メモ・日時。トークンそのものは表示しない)', en: 'list tokens (ids, resellers, labels, dates; never the tokens)' }))
    .option('--reseller <code>', say({ ja: 'この販売店のものだけ', en: "only this reseller's" }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(tokenAction('tokenListAction'));
}
