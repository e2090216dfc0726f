import { type Command, Option } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, repeatable, type Say } from '../options.js';

/**
 * `packreg report IMPORT_ID --report PATH…`: rebuild any report (and the rejects file) from the
 * stored per-row results, in any language — findings are stored as codes and rendered now.
 */
export function registerReport(program: Command, say: Say): void {
  program
    .command('report')
    .description(say({ ja: '以前の取込のレポートを、保存された結果から作り直す', en: 'rebuild the reports of an earlier import from its stored results' }))
    .argument('<importId>', say({ ja: 'packreg import が表示した取込ID', en: 'the import ID printed by packreg import' }))
    .option('--report <path>', say({ ja: 'レポートを書き出す(拡張子で .json・.csv・.xlsx)。複数指定可', en: 'write a report (.json, .csv or .xlsx, by extension); repeatable' }), repeatable, [])
    .option('--rejects <path>', say({ ja: 'エラー・保留の行を修正・再送用に書き出す(.xlsx)', en: 'write the rejected and held rows to fix and upload again (.xlsx)' }))
    .option('--reseller <code>', say({ ja: 'この販売店の取込のときだけ', en: 'only if the import belongs to this reseller' }))
    .addOption(new Option('--report-encoding <encoding>', say({ ja: 'CSV レポートの文字コード(古い Excel には cp932)', en: 'encoding of CSV reports (cp932 for older Excel)' }))
      .choices(['utf8', 'cp932']).default('utf8'))
    .addOption(langOption(say))
    .addOption(jsonOption(say, { ja: '書き出したファイルを JSON で出力する', en: 'print the files written as JSON' }))
    .action(lazyAction(() => import('../actions/reportAction.js').then((m) => m.reportAction)));
}
