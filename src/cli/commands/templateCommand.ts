import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/** `packreg template PATH.xlsx [--reseller CODE]`: the blank upload workbook with notes and drop-downs. */
export function registerTemplate(program: Command, say: Say): void {
  program
    .command('template')
    .description(say({ ja: '注記とドロップダウン(サポートID・型番・製品型番・ラベル送付先)付きの空の登録用ブックを書き出す', en: 'write a blank upload workbook with notes and drop-downs (support IDs, pack and product models, label recipients)' }))
    .argument('<path>', say({ ja: '書き出す場所(.xlsx)', en: 'where to write it (.xlsx)' }))
    .option('--reseller <code>', say({ ja: 'この販売店用に作る(有効なサポートIDとラベル送付先を一覧に入れる)', en: "make it for this reseller (its active support IDs and label recipients in the lists)" }))
    .addOption(langOption(say))
    .addOption(jsonOption(say))
    .action(lazyAction(() => import('../actions/templateAction.js').then((m) => m.templateAction)));
}
