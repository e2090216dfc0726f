import { EventEmitter } from 'node:events';
import path from 'node:path';
import { Logger as WorkerLogger, parseCronItems, run, type LogLevel, type TaskList, type WorkerEvents, type WorkerPool } from 'graphile-worker';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import type { Lang } from '../domain/lang.js';
import { enqueueInbox, IMPORT_FILE_TASK } from './enqueueInbox.js';
import { addHttpImportJob, HTTP_IMPORT_TASK, makeHttpImportTask, settleAbandonedUploads } from './httpImportTask.js';
import { importFileJob } from './importFileJob.js';
import { makeRoutines } from './makeRoutines.js';
import { zonedCronMatcher } from './zonedCronMatcher.js';

/** The cron task: scan the inbox, queue one import job per file. */
export const NIGHTLY_SCAN_TASK = 'packreg_nightly_scan';

export interface WorkerRequest {
  readonly connectionString: string | undefined;
  readonly inbox: string;
  readonly lang: Lang;
  /** Run the schedule (default). Off: this process only works off queued import jobs. */
  readonly schedule: boolean;
  /** Queue one scan now, at start (operators: "run tonight's import now"). */
  readonly scanNow: boolean;
  /** Resolves when the worker should stop: finish the running jobs (first SIGTERM/SIGINT). */
  readonly stopRequested: Promise<void>;
  /** Resolves when the running jobs must be released now (second signal). */
  readonly forceRequested: Promise<void>;
}

/**
 * `packreg worker`: graphile-worker on the same PostgreSQL database (its own `graphile_worker`
 * schema, migrated by graphile-worker itself), running the nightly schedule and the import jobs.
 * Any number of these processes, on any number of machines, share the queue: graphile-worker
 * hands each job to one worker (SKIP LOCKED), its cron schedules each tick once across all of
 * them (known_crontabs), and the per-file lock + ledger keep a file imported once even when two
 * jobs name it.
 *
 * Shutdown: on the stop request the pool stops taking jobs and waits for the running ones; if
 * they are still running after PACKREG_WORKER_SHUTDOWN_SECONDS (or on a second signal), the pool
 * shuts down forcefully, which fails the running jobs back to the queue (retried with backoff by
 * another worker) rather than leaving them locked for graphile-worker's 4-hour lock timeout. The
 * half-done import is then resumed like a killed nightly run. Resolves with 'graceful' or 'forced'.
 */
export async function runWorker(ctx: Context, request: WorkerRequest): Promise<'graceful' | 'forced'> {
  if (!ctx.db.engine.jobQueue || !request.connectionString) {
    throw new PackregError('USAGE', {
      detail: 'packreg worker needs PostgreSQL (set DATABASE_URL); with the embedded database, run `packreg nightly --once` from the system scheduler (docs/operations.md)',
    });
  }
  const inbox = path.resolve(request.inbox);
  const settings = ctx.config.nightly;
  const taskList: TaskList = {
    [NIGHTLY_SCAN_TASK]: async (_payload, helpers) => {
      await enqueueInbox(ctx, inbox, helpers.addJob);
    },
    [IMPORT_FILE_TASK]: async (payload) => {
      await importFileJob(ctx, inbox, payload, request.lang);
    },
    [HTTP_IMPORT_TASK]: makeHttpImportTask(ctx),
  };
  // Notifications and label exports (issue 18.5): each tick is queued once across all workers
  // (graphile-worker's known_crontabs + the job key), like the nightly scan.
  const routines = request.schedule ? makeRoutines(ctx) : [];
  for (const routine of routines) {
    taskList[routine.task] = async (_payload, helpers) => {
      await routine.run(helpers.job.run_at);
    };
  }
  const parsedCronItems = request.schedule
    ? parseCronItems([
        {
          task: NIGHTLY_SCAN_TASK,
          match: zonedCronMatcher(settings.cron, settings.timeZone),
          identifier: NIGHTLY_SCAN_TASK,
          // No backfill: a worker started at 09:00 must not run last night's scan late; a missed
          // night is picked up by the next one (files wait in the inbox, nothing is lost).
          options: { backfillPeriod: 0, maxAttempts: 3, jobKey: NIGHTLY_SCAN_TASK, jobKeyMode: 'replace' },
          payload: {},
        },
        ...routines.map((routine) => ({
          task: routine.task,
          match: zonedCronMatcher(routine.cron, ctx.config.schedule.timeZone),
          identifier: routine.task,
          // A queued run not yet taken is replaced by the next tick's, never run twice in a row.
          options: { backfillPeriod: 0, maxAttempts: 3, jobKey: routine.task, jobKeyMode: 'replace' as const },
          payload: {},
        })),
      ])
    : [];
  const events: WorkerEvents = new EventEmitter();
  let pool: WorkerPool | undefined;
  events.on('pool:create', ({ workerPool }) => {
    pool = workerPool;
  });
  events.on('job:error', ({ job, error }) => {
    ctx.log.warn({ jobId: job.id, task: job.task_identifier, attempts: job.attempts, maxAttempts: job.max_attempts, err: error }, 'worker: job failed, will retry');
  });
  events.on('job:failed', ({ job, error }) => {
    ctx.log.error({ jobId: job.id, task: job.task_identifier, attempts: job.attempts, err: error }, 'worker: job failed for good');
  });

  const runner = await run({
    connectionString: request.connectionString,
    concurrency: settings.workerConcurrency,
    // Signals are ours: graphile-worker's handlers would exit the process on a second signal.
    noHandleSignals: true,
    gracefulShutdownAbortTimeout: settings.workerShutdownMs,
    logger: workerLogger(ctx),
    events,
    taskList,
    parsedCronItems,
  });
  ctx.log.info({ inbox, concurrency: settings.workerConcurrency, cron: request.schedule ? settings.cron : null, timeZone: settings.timeZone, routines: routines.map((r) => ({ task: r.task, cron: r.cron })) }, 'worker: started');
  // Uploads whose process died are queued again (their old job stays locked by the dead worker
  // for graphile-worker's 4 hours) or failed, SPEC §7. CLI and nightly batches were settled when
  // this process opened the database (runCommand).
  await settleAbandonedUploads(ctx, addHttpImportJob)
    .catch((error: unknown) => ctx.log.error({ err: error }, 'worker: could not settle abandoned uploads'));
  if (request.scanNow) {
    await runner.addJob(NIGHTLY_SCAN_TASK, {}, { jobKey: NIGHTLY_SCAN_TASK, maxAttempts: 3 });
  }

  let forced = false;
  const force = async (reason: string) => {
    if (forced || !pool) return;
    forced = true;
    ctx.log.warn({ reason }, 'worker: releasing running jobs back to the queue');
    // forcefulShutdown may return a plain value since graphile-worker 0.18 (PromiseOrDirect).
    const workerPool = pool;
    await Promise.resolve().then(() => workerPool.forcefulShutdown(reason)).catch((error: unknown) => ctx.log.error({ err: error }, 'worker: forceful shutdown failed'));
  };
  void request.stopRequested.then(async () => {
    ctx.log.info('worker: stopping; running jobs are finished first');
    const timer = setTimeout(() => void force('shutdown timeout'), settings.workerShutdownMs);
    timer.unref();
    void request.forceRequested.then(() => force('second signal'));
    await runner.stop().catch((error: unknown) => ctx.log.error({ err: error }, 'worker: stop failed'));
    clearTimeout(timer);
  });
  await runner.promise;
  ctx.log.info({ forced }, 'worker: stopped');
  return forced ? 'forced' : 'graceful';
}

/** graphile-worker's log lines into packreg's JSON log. */
function workerLogger(ctx: Context): WorkerLogger {
  const levels: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' };
  return new WorkerLogger((scope) => (level, message, meta) => {
    ctx.log[levels[level]]({ graphileWorker: scope, ...(meta?.error ? { err: meta.error } : {}) }, message);
  });
}
