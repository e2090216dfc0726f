import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/** `packreg worker` (PostgreSQL only): see actions/workerAction.ts. */
export function registerWorker(program: Command, say: Say): void {
  program
    .command('worker')
    .description(say({
      ja: 'PostgreSQL のジョブキューで夜間スケジュールと取込ジョブを実行する(複数のワーカーで分担)',
      en: 'run the nightly schedule and import jobs on the PostgreSQL job queue (several workers share the work)',
    }))
    .option('--inbox <dir>', say({ ja: '受付フォルダ。どのマシンでも同じパス(既定: PACKREG_INBOX)', en: 'inbox folder, the same path on every machine (default: PACKREG_INBOX)' }))
    .option('--no-schedule', say({ ja: '夜間スケジュールを実行せず、キューのジョブだけを処理する', en: 'do not run the nightly schedule; only work off queued jobs' }))
    .option('--scan-now', say({ ja: '開始時に受付フォルダの走査をキューに入れる(スケジュールと同じ)', en: 'queue a scan of the inbox at start, as the schedule would' }))
    .addOption(jsonOption(say, { ja: '開始と停止を JSON で標準出力に出す', en: 'print start and stop as JSON on stdout' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/workerAction.js').then((m) => m.workerAction)));
}
