import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/** `packreg labels export PATH.csv`: pending equipment labels (機器管理ラベル) for the shipping team. */
export function registerLabels(program: Command, say: Say): void {
  const labels = program.command('labels').description(say({ ja: '機器管理ラベルの発送', en: 'equipment label shipments' }));
  labels
    .command('export')
    .description(say({
      ja: '完了したお申し込みの未発送ラベルを CSV(BOM 付き UTF-8)に書き出し、発送手配済みにする',
      en: 'write the pending label shipments of completed applications to a CSV (UTF-8 with BOM) and mark them exported',
    }))
    .argument('<file>', say({ ja: '書き出す CSV ファイル', en: 'CSV file to write' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/labelsExportAction.js').then((m) => m.labelsExportAction)));
}
