import { type Command, Option } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';
import { dateOption, listOptions } from './listOptions.js';

/** `packreg imports list --reseller CODE …`: the import history (CLI, uploads, nightly). */
export function registerImports(program: Command, say: Say): void {
  const imports = program.command('imports').description(say({ ja: '販売店の取込', en: "a reseller's imports" }));
  const list = imports
    .command('list')
    .description(say({
      ja: '取込の履歴(新しい順): ファイル名・経路(CLI / HTTP / 夜間)・状態・件数・レポート',
      en: 'import history, newest first: file name, source (CLI / HTTP / nightly), status, counts, reports',
    }));
  for (const option of listOptions(say)) list.addOption(option);
  list
    .addOption(new Option('--status <status>', say({ ja: 'この状態の取込だけ', en: 'only imports in this status' })).choices(['queued', 'running', 'finished', 'failed', 'cancelled']))
    .addOption(dateOption('--since', say))
    .addOption(jsonOption(say, { ja: '結果を JSON で出力する({ items, nextCursor })', en: 'print the page as JSON ({ items, nextCursor })' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/importsListAction.js').then((m) => m.importsListAction)));
}
