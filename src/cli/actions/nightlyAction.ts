import { setTimeout as sleep } from 'node:timers/promises';
import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import type { FileOutcome } from '../../jobs/processInboxFile.js';
import { failedFiles, runNightly, type NightlyRun } from '../../jobs/runNightly.js';
import { ExitRequest } from '../ExitRequest.js';
import { onParentGone } from '../onParentGone.js';
import { commandEnv, withContext } from '../withContext.js';

/** Exit code of a nightly run in which some file failed (file-level error, left after an error) or an entry was refused. */
export const NIGHTLY_FILES_FAILED = 3;

interface NightlyOptions {
  inbox?: string;
  once?: boolean;
  watch?: number | true;
  json?: boolean;
  lang?: Lang;
}

/**
 * `packreg nightly --inbox DIR [--watch [SECONDS]]`. One pass, then exit: what cron, systemd
 * timers and Kubernetes CronJobs run (SPEC §7; a scheduler starting a process that never ends
 * piled them up, issue 17). `--once` is still accepted and changes nothing. `--watch` repeats a
 * pass every SECONDS (default PACKREG_NIGHTLY_INTERVAL_SECONDS) until SIGTERM/SIGINT, which lets
 * the current file finish. Exit 0 when every file was imported (rows
 * rejected in a report are a business outcome, not a failure; files waiting or skipped are no
 * failure either), 3 when a file failed or an entry was refused (`failedFiles`), 75 when the
 * embedded database is held by another process (nothing was done: the next run takes the files).
 */
export async function nightlyAction(options: NightlyOptions): Promise<void> {
  const { config } = commandEnv();
  const inbox = options.inbox ?? config.nightly.inbox;
  if (!inbox) {
    throw new PackregError('USAGE', { detail: { ja: 'nightly には --inbox DIR(または PACKREG_INBOX)が必要です', en: 'nightly needs --inbox DIR (or PACKREG_INBOX)' } });
  }
  const lang = options.lang ?? config.lang;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  // Started by npx: a SIGTERM to npx never arrives here (see onParentGone).
  const unwatch = config.startedByNpx ? onParentGone(onSignal) : () => undefined;
  try {
    const code = await withContext(async (ctx) => {
      let last = 0;
      do {
        const run = await runNightly(ctx, { inbox, lang, signal: stop.signal });
        print(run, options.json ?? false, lang);
        last = failedFiles(run) > 0 ? NIGHTLY_FILES_FAILED : 0;
        if (options.watch === undefined) break;
        const every = options.watch === true ? ctx.config.nightly.intervalMs : Math.max(1, options.watch) * 1000;
        await sleep(every, undefined, { signal: stop.signal }).catch(() => undefined);
      } while (!stop.signal.aborted);
      return last;
    }, { imports: true });
    if (code !== 0) throw new ExitRequest(code);
  } catch (error) {
    if (error instanceof PackregError && error.code === 'DATABASE_LOCKED') {
      process.stderr.write(lang === 'ja'
        ? 'packreg nightly: 別の packreg プロセスが組み込みデータベースを使用中のため、今回は何も取り込んでいません。次回の実行でファイルを取り込みます。\n'
        : 'packreg nightly: another packreg process holds the embedded database; this run imported nothing, the next one will take the files.\n');
    }
    throw error;
  } finally {
    unwatch();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

const WORDS = {
  ja: {
    run: '夜間取込', counts: (c: NightlyRun['counts']) =>
      `取込 ${c.imported}、取込済み ${c.already_imported}、失敗 ${c.failed}、エラー ${c.error}、拒否 ${c.refused}、使用中 ${c.busy}、消失 ${c.gone}、待機 ${c.waiting}、対象外 ${c.skipped}`,
    rows: (r: NightlyRun['rows']) =>
      `行 ${r.rows}: 登録 ${r.registered}、確認中 ${r.pending_review}、登録済み ${r.already_registered}、エラー ${r.rejected}、保留 ${r.held}`,
    outcomes: {
      imported: '取込', already_imported: '取込済み', failed: '失敗', error: 'エラー', refused: '拒否',
      busy: '使用中', gone: '消失', waiting: '待機', skipped: '対象外',
    } as Record<string, string>,
    unknownFolder: (f: string) => `  販売店コードではないフォルダ ${f} はそのままにしました`,
  },
  en: {
    run: 'nightly', counts: (c: NightlyRun['counts']) =>
      `imported ${c.imported}, already imported ${c.already_imported}, failed ${c.failed}, errors ${c.error}, refused ${c.refused}, busy ${c.busy}, gone ${c.gone}, waiting ${c.waiting}, skipped ${c.skipped}`,
    rows: (r: NightlyRun['rows']) =>
      `rows ${r.rows}: registered ${r.registered}, pending review ${r.pending_review}, already registered ${r.already_registered}, rejected ${r.rejected}, held ${r.held}`,
    outcomes: {} as Record<string, string>,
    unknownFolder: (f: string) => `  unknown reseller folder ${f} left alone`,
  },
} as const;

function print(run: NightlyRun, json: boolean, lang: Lang): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(run)}\n`);
    return;
  }
  const w = WORDS[lang];
  const lines = [
    `${w.run} ${run.startedAt} → ${run.summaryFile}`,
    w.counts(run.counts),
    w.rows(run.rows),
    ...run.files.filter((f) => f.error || f.reason).map((f) => describe(f, w.outcomes)),
    ...run.unknownFolders.map((f) => w.unknownFolder(JSON.stringify(f))),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * One entry that needs a word: `RS001/"name.csv": refused (symlink)`; names JSON-quoted (no
 * control character reaches the terminal). Reasons stay codes (docs/operations.md lists them).
 */
function describe(f: FileOutcome, outcomes: Readonly<Record<string, string>>): string {
  const where = `${f.reseller === null ? '' : `${f.reseller}/`}${JSON.stringify(f.file)}`;
  const why = f.reason ? ` (${f.reason})` : '';
  const error = f.error ? `: ${f.error.code}: ${f.error.message}` : '';
  return `  ${where}: ${outcomes[f.outcome] ?? f.outcome}${why}${error}`;
}
