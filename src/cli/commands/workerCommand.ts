import type { Command } from 'commander';
import { PackregError } from '../../domain/PackregError.js';
import type { Lang } from '../../domain/lang.js';
import { runWorker } from '../../jobs/runWorker.js';
import { langOption } from '../options.js';
import { ExitRequest, commandEnv, withContext } from '../runCommand.js';

/** Exit code when running jobs had to be released at shutdown (sysexits EX_TEMPFAIL). */
const RELEASED_JOBS = 75;

interface WorkerOptions {
  inbox?: string;
  schedule: boolean;
  scanNow?: boolean;
  lang?: Lang;
}

/**
 * `packreg worker` (PostgreSQL only): the nightly schedule and the import jobs on graphile-worker.
 * SIGTERM/SIGINT: stop taking jobs, finish the running ones, exit 0; a second signal, or
 * PACKREG_WORKER_SHUTDOWN_SECONDS passing, releases them to the queue and exits 75.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the nightly schedule and import jobs on the PostgreSQL job queue (several workers share the work)')
    .option('--inbox <dir>', 'inbox folder, the same path on every machine (default: PACKREG_INBOX)')
    .option('--no-schedule', 'do not run the nightly schedule; only work off queued jobs')
    .option('--scan-now', 'queue a scan of the inbox at start, as the schedule would')
    .addOption(langOption())
    .action(async (options: WorkerOptions) => {
      const { config } = commandEnv();
      const inbox = options.inbox ?? config.nightly.inbox;
      if (!inbox) throw new PackregError('USAGE', { detail: 'worker needs --inbox DIR (or PACKREG_INBOX)' });
      let signals = 0;
      let onStop = () => undefined as void;
      let onForce = () => undefined as void;
      const stopRequested = new Promise<void>((resolve) => (onStop = resolve));
      const forceRequested = new Promise<void>((resolve) => (onForce = resolve));
      const onSignal = () => {
        signals += 1;
        (signals === 1 ? onStop : onForce)();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        const how = await withContext((ctx) => runWorker(ctx, {
          connectionString: ctx.config.databaseUrl,
          inbox,
          lang: options.lang ?? ctx.config.lang,
          schedule: options.schedule,
          scanNow: options.scanNow ?? false,
          stopRequested,
          forceRequested,
        }));
        if (how === 'forced') throw new ExitRequest(RELEASED_JOBS);
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    });
}
