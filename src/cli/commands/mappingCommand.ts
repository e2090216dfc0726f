import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/**
 * `packreg mapping set|show|remove --reseller CODE` (issue 20 item 8): a reseller's saved header
 * mapping, e.g. `mapping set --reseller RS001 'S/N=pack_serial' '契約番号=support_id'`. Later files
 * with those headers import without renaming (CLI, HTTP, nightly); `inspect --reseller` shows it.
 */
export function registerMapping(program: Command, say: Say): void {
  const mapping = program.command('mapping').description(say({ ja: '販売店ごとに保存する見出しの対応(独自の見出しを項目に割り当てる)', en: "a reseller's saved header mapping (its own headers → field keys)" }));
  const action = (name: 'mappingSetAction' | 'mappingShowAction' | 'mappingRemoveAction') =>
    lazyAction(() => import('../actions/mappingActions.js').then((m) => m[name]));
  const reseller = say({ ja: '販売店コード', en: 'reseller code' });
  mapping
    .command('set')
    .description(say({ ja: '見出しの対応を追加・変更する(「見出し=項目キー」を 1 つ以上)', en: 'add or change header mappings (one or more HEADER=key)' }))
    .argument('<entries...>', say({ ja: '見出し=項目キー(例: S/N=pack_serial)', en: 'HEADER=key (e.g. S/N=pack_serial)' }))
    .requiredOption('--reseller <code>', reseller)
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('mappingSetAction'));
  mapping
    .command('show')
    .description(say({ ja: '保存している見出しの対応を表示する', en: 'show the saved header mappings' }))
    .requiredOption('--reseller <code>', reseller)
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('mappingShowAction'));
  mapping
    .command('remove')
    .description(say({ ja: '見出しの対応を削除する(見出しを指定、または --all)', en: 'remove header mappings (the headers given, or --all)' }))
    .argument('[headers...]', say({ ja: '削除する見出し', en: 'headers to remove' }))
    .requiredOption('--reseller <code>', reseller)
    .option('--all', say({ ja: 'すべて削除する', en: 'remove all of them' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(action('mappingRemoveAction'));
}
