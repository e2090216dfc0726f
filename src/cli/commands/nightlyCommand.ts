import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, parsePositiveInt, type Say } from '../options.js';

/** `packreg nightly --inbox DIR [--watch [SECONDS]]` (SPEC §7): see actions/nightlyAction.ts. */
export function registerNightly(program: Command, say: Say): void {
  program
    .command('nightly')
    .description(say({
      ja: 'INBOX/<販売店コード>/ の書き込みが終わったファイルを 1 回ずつ取り込み、inbox の隣の done/ または failed/ に移す(1 回実行して終了)',
      en: 'import every quiet file in INBOX/<reseller>/ once, then file it in done/ or failed/ beside the inbox (one pass, then exit)',
    }))
    .option('--inbox <dir>', say({ ja: '販売店コードごとのフォルダを持つ受付フォルダ(既定: PACKREG_INBOX)', en: 'inbox folder holding one folder per reseller code (default: PACKREG_INBOX)' }))
    .option('--watch [seconds]', say({
      ja: 'SECONDS 秒ごとに繰り返す(既定: PACKREG_NIGHTLY_INTERVAL_SECONDS)。停止されるまで続ける',
      en: 'repeat a pass every SECONDS (default: PACKREG_NIGHTLY_INTERVAL_SECONDS) until stopped',
    }), parsePositiveInt)
    .option('--once', say({ ja: '1 回実行して終了(既定の動作。既存の cron 設定のために残しています)', en: 'one pass, then exit (the default; kept for existing cron lines)' }))
    .addOption(jsonOption(say, { ja: '各回の集計を JSON で標準出力に出す', en: 'print each run summary as JSON on stdout' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/nightlyAction.js').then((m) => m.nightlyAction)));
}
