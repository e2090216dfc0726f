import { type Command, Option } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, repeatable, type Say } from '../options.js';

/** `packreg import FILE --reseller CODE …` (SPEC §7): validate, commit, report. */
export function registerImport(program: Command, say: Say): void {
  program
    .command('import')
    .description(say({
      ja: '販売店のファイルを検証し、サポートIDごとに1件のお申し込みとして登録し、全行の結果を報告する',
      en: 'validate a reseller file, commit one application per support ID, and report every row',
    }))
    .argument('<file>', say({ ja: 'CSV・TSV・XLSX ファイル', en: 'CSV, TSV or XLSX file' }))
    .requiredOption('--reseller <code>', say({ ja: 'ファイルの販売店コード', en: 'reseller code the file belongs to' }))
    .option('--report <path>', say({ ja: 'レポートを書き出す(拡張子で .json・.csv・.xlsx)。複数指定可', en: 'write a report (.json, .csv or .xlsx, by extension); repeatable' }), repeatable, [])
    .option('--rejects <path>', say({ ja: 'エラー・保留の行を修正・再送用に書き出す(.xlsx)', en: 'write the rejected and held rows to fix and upload again (.xlsx)' }))
    .option('--dry-run', say({ ja: 'すべて検証し、何も登録しない', en: 'validate everything, commit nothing' }))
    .addOption(new Option('--atomicity <mode>', say({
      ja: 'エラー行があるときに登録しない範囲(row: その行だけ、application: そのお申し込み、file: ファイル全体)',
      en: 'what a rejected row holds back (row: itself, application: its application, file: the whole file)',
    })).choices(['row', 'application', 'file']).default('application'))
    .option('--plan <id>', say({
      ja: 'ドライランで確認した内容(planId)をそのまま登録する。ファイル・指定が同じで、全行の結果が確認時と同じときだけ登録し、変わっていれば何も登録しない(PLAN_CHANGED)',
      en: 'commit exactly what a dry run previewed (its planId): only the same file and options, and only while every row\'s outcome is unchanged; otherwise nothing is committed (PLAN_CHANGED)',
    }))
    .option('--sheet <name>', say({ ja: '読み込むワークシート(XLSX)', en: 'worksheet to read (XLSX)' }))
    .addOption(new Option('--encoding <encoding>', say({ ja: 'CSV の文字コード', en: 'text encoding of a CSV' })).choices(['auto', 'utf8', 'cp932']).default('auto'))
    .addOption(new Option('--report-encoding <encoding>', say({ ja: 'CSV レポートの文字コード(古い Excel には cp932)', en: 'encoding of CSV reports (cp932 for older Excel)' }))
      .choices(['utf8', 'cp932']).default('utf8'))
    .addOption(langOption(say))
    .option('--quiet', say({ ja: '進捗も集計も表示しない', en: 'no progress, no summary' }))
    .addOption(jsonOption(say, { ja: '集計を JSON ({ importId, status, planId, summary }) で標準出力に出す', en: 'print the summary as JSON ({ importId, status, planId, summary }) on stdout' }))
    .action(lazyAction(() => import('../actions/importAction.js').then((m) => m.importAction)));
}
