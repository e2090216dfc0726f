import { type Command, Option } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, parsePositiveInt, type Say } from '../options.js';

/** `packreg inspect FILE [--json] [--limit N]` (SPEC §7): what packreg reads, without a database. */
export function registerInspect(program: Command, say: Say): void {
  program
    .command('inspect')
    .description(say({
      ja: 'ファイルから読み取る内容(形式・文字コード・見出し・列の対応・正規化した行)を表示する。データベースは使わない',
      en: 'show what packreg reads from a file (type, encoding, header, mapping, normalised rows), without a database',
    }))
    .argument('<file>', say({ ja: 'CSV・TSV・XLSX ファイル', en: 'CSV, TSV or XLSX file' }))
    .addOption(jsonOption(say, { ja: '表ではなく JSON(SPEC §7)で出力する', en: 'print JSON (SPEC §7) instead of a table' }))
    .option('--limit <n>', say({ ja: '表示するデータ行の上限', en: 'show at most N data rows' }), parsePositiveInt)
    .option('--reseller <code>', say({ ja: 'この販売店が保存した見出しの対応も使って読む(データベースを使う)', en: "apply this reseller's saved header mapping (uses the database)" }))
    .option('--sheet <name>', say({ ja: '読み込むワークシート(XLSX)', en: 'worksheet to read (XLSX)' }))
    .addOption(new Option('--encoding <encoding>', say({ ja: '文字コード', en: 'text encoding' })).choices(['auto', 'utf8', 'cp932']).default('auto'))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/inspectAction.js').then((m) => m.inspectAction)));
}
