import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { runWorker } from '../../jobs/runWorker.js';
import { ExitRequest } from '../ExitRequest.js';
import { onParentGone } from '../onParentGone.js';
import { commandEnv, withContext } from '../withContext.js';

/** Exit code when running jobs had to be released at shutdown (sysexits EX_TEMPFAIL). */
const RELEASED_JOBS = 75;

interface WorkerOptions {
  inbox?: string;
  schedule: boolean;
  scanNow?: boolean;
  json?: boolean;
  lang?: Lang;
}

/**
 * `packreg worker` (PostgreSQL only): the nightly schedule and the import jobs on graphile-worker.
 * SIGTERM/SIGINT: stop taking jobs, finish the running ones, exit 0; a second signal, or
 * PACKREG_WORKER_SHUTDOWN_SECONDS passing, releases them to the queue and exits 75.
 */
export async function workerAction(options: WorkerOptions): Promise<void> {
  const { config } = commandEnv();
  const inbox = options.inbox ?? config.nightly.inbox;
  if (!inbox) {
    throw new PackregError('USAGE', { detail: { ja: 'worker には --inbox DIR(または PACKREG_INBOX)が必要です', en: 'worker needs --inbox DIR (or PACKREG_INBOX)' } });
  }
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
  // Started by npx: a SIGTERM to npx never arrives here (see onParentGone).
  const unwatch = config.startedByNpx ? onParentGone(onSignal) : () => undefined;
  try {
    const how = await withContext((ctx) => {
      if (options.json) process.stdout.write(`${JSON.stringify({ worker: 'started', inbox, schedule: options.schedule })}\n`);
      return runWorker(ctx, {
        connectionString: ctx.config.databaseUrl,
        inbox,
        lang: options.lang ?? ctx.config.lang,
        schedule: options.schedule,
        scanNow: options.scanNow ?? false,
        stopRequested,
        forceRequested,
      });
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ worker: 'stopped', how })}\n`);
    if (how === 'forced') throw new ExitRequest(RELEASED_JOBS);
  } finally {
    unwatch();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
