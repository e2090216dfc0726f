import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { PackregError } from '../../domain/PackregError.js';
import type { Lang } from '../../domain/lang.js';
import type { FileOutcome } from '../../jobs/processInboxFile.js';
import { failedFiles, runNightly, type NightlyRun } from '../../jobs/runNightly.js';
import { langOption } from '../options.js';
import { ExitRequest, commandEnv, withContext } from '../runCommand.js';

/** Exit code of a nightly run in which some file failed (file-level error, left after an error) or an entry was refused. */
export const NIGHTLY_FILES_FAILED = 3;

interface NightlyOptions {
  inbox?: string;
  once?: boolean;
  json?: boolean;
  lang?: Lang;
}

/**
 * `packreg nightly --inbox DIR [--once]`. With `--once`: one pass, then exit (for cron, systemd
 * timers, Kubernetes CronJobs). Without: a pass every PACKREG_NIGHTLY_INTERVAL_SECONDS until
 * SIGTERM/SIGINT, which lets the current file finish. Exit 0 when every file was imported (rows
 * rejected in a report are a business outcome, not a failure; files waiting or skipped are no
 * failure either), 3 when a file failed or an entry was refused (`failedFiles`), 75 when the
 * embedded database is held by another process (nothing was done: the next run takes the files).
 */
export function registerNightly(program: Command): void {
  program
    .command('nightly')
    .description('import every quiet file in INBOX/<reseller>/ once, then file it in done/ or failed/ beside the inbox')
    .option('--inbox <dir>', 'inbox folder holding one folder per reseller code (default: PACKREG_INBOX)')
    .option('--once', 'one pass over the inbox, then exit (for cron and other schedulers)')
    .option('--json', 'print each run summary as JSON on stdout')
    .addOption(langOption())
    .action(async (options: NightlyOptions) => {
      const { config } = commandEnv();
      const inbox = options.inbox ?? config.nightly.inbox;
      if (!inbox) throw new PackregError('USAGE', { detail: 'nightly needs --inbox DIR (or PACKREG_INBOX)' });
      const lang = options.lang ?? config.lang;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      try {
        const code = await withContext(async (ctx) => {
          let last = 0;
          do {
            const run = await runNightly(ctx, { inbox, lang, signal: stop.signal });
            print(run, options.json ?? false);
            last = failedFiles(run) > 0 ? NIGHTLY_FILES_FAILED : 0;
            if (options.once) break;
            await sleep(ctx.config.nightly.intervalMs, undefined, { signal: stop.signal }).catch(() => undefined);
          } while (!stop.signal.aborted);
          return last;
        });
        if (code !== 0) throw new ExitRequest(code);
      } catch (error) {
        if (error instanceof PackregError && error.code === 'DATABASE_LOCKED') {
          process.stderr.write('packreg nightly: another packreg process holds the embedded database; this run imported nothing, the next one will take the files.\n');
        }
        throw error;
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    });
}

function print(run: NightlyRun, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(run)}\n`);
    return;
  }
  const c = run.counts;
  const lines = [
    `nightly ${run.startedAt} → ${run.summaryFile}`,
    `imported ${c.imported}, already imported ${c.already_imported}, failed ${c.failed}, errors ${c.error}, refused ${c.refused}, busy ${c.busy}, gone ${c.gone}, waiting ${c.waiting}, skipped ${c.skipped}`,
    `rows ${run.rows.rows}: registered ${run.rows.registered}, pending_review ${run.rows.pending_review}, already_registered ${run.rows.already_registered}, rejected ${run.rows.rejected}, held ${run.rows.held}`,
    ...run.files.filter((f) => f.error || f.reason).map(describe),
    ...run.unknownFolders.map((f) => `  unknown reseller folder ${JSON.stringify(f)} left alone`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One entry that needs a word: `RS001/"name.csv": refused (symlink)`; names JSON-quoted (no control character reaches the terminal). */
function describe(f: FileOutcome): string {
  const where = `${f.reseller === null ? '' : `${f.reseller}/`}${JSON.stringify(f.file)}`;
  const why = f.reason ? ` (${f.reason})` : '';
  const error = f.error ? `: ${f.error.code}: ${f.error.message}` : '';
  return `  ${where}: ${f.outcome}${why}${error}`;
}
