import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/** `packreg template PATH.xlsx`: the blank upload workbook (a pack model drop-down from the reference data). */
export function registerTemplate(program: Command, say: Say): void {
  program
    .command('template')
    .description(say({ ja: '注記と型番のドロップダウン付きの空の登録用ブックを書き出す', en: 'write a blank upload workbook with notes and a pack model drop-down' }))
    .argument('<path>', say({ ja: '書き出す場所(.xlsx)', en: 'where to write it (.xlsx)' }))
    .addOption(langOption(say))
    .addOption(jsonOption(say))
    .action(lazyAction(() => import('../actions/templateAction.js').then((m) => m.templateAction)));
}
