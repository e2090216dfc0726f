import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { Logger as WorkerLogger, run, type LogLevel, type WorkerEvents, type WorkerPool } from 'graphile-worker';
import type { Context } from '../context.js';
import { addHttpImportJob, HTTP_IMPORT_TASK, makeHttpImportTask, runHttpImport, settleAbandonedUploads } from '../jobs/httpImportTask.js';
import { failBatch } from '../staging/sql/failBatch.js';

/** Where `POST /v1/imports` hands an uploaded import for running in the background. */
export interface ImportQueue {
  /** Queue an import, inside the transaction that created its batch (both land, or neither). */
  enqueue(trx: Knex, importId: string): Promise<void>;
  /** Called once that transaction has committed. */
  wake(): void;
  /**
   * Take no more imports; let the running ones finish for up to `timeoutMs`, then release them
   * (their batch is resumed or failed by whoever runs the job next: see `runHttpImport`).
   */
  stop(timeoutMs: number): Promise<'graceful' | 'forced'>;
}

/**
 * The engine's queue (ENGINE_PROFILES.jobQueue): graphile-worker on PostgreSQL, so `packreg
 * worker` processes elsewhere share the uploads; on PGlite, this process alone, one import at a
 * time, with the import_batches rows themselves as the queue (so a restart picks up what is left).
 */
export async function makeImportQueue(ctx: Context, connectionString: string | undefined): Promise<ImportQueue> {
  if (ctx.db.engine.jobQueue) {
    if (!connectionString) throw new Error('the PostgreSQL job queue needs a connection string');
    return makeGraphileQueue(ctx, connectionString);
  }
  return makeMemoryQueue(ctx);
}

async function makeGraphileQueue(ctx: Context, connectionString: string): Promise<ImportQueue> {
  const events: WorkerEvents = new EventEmitter();
  let pool: WorkerPool | undefined;
  events.on('pool:create', ({ workerPool }) => {
    pool = workerPool;
  });
  events.on('job:failed', ({ job, error }) => {
    ctx.log.error({ jobId: job.id, task: job.task_identifier, err: error }, 'serve: job failed for good');
  });
  const runner = await run({
    connectionString,
    concurrency: ctx.config.http.importConcurrency,
    // Signals belong to `serve`, which stops the HTTP server first and then this queue.
    noHandleSignals: true,
    pollInterval: 2_000,
    logger: workerLogger(ctx),
    events,
    taskList: { [HTTP_IMPORT_TASK]: makeHttpImportTask(ctx) },
  });
  // Uploads whose worker died: their job is still locked by it (for graphile-worker's 4 hours);
  // queue a fresh one now, or fail them (SPEC §7). After run(): add_job needs its schema.
  await settleAbandonedUploads(ctx, addHttpImportJob)
    .catch((error: unknown) => ctx.log.error({ err: error }, 'serve: could not settle abandoned uploads'));
  let stopped: Promise<'graceful' | 'forced'> | null = null;
  return {
    async enqueue(trx, importId) {
      // add_job in the batch's own transaction: a batch without its job (or the reverse) cannot exist.
      await addHttpImportJob(trx, importId);
    },
    wake() {
      // LISTEN/NOTIFY wakes the workers when the job row is committed.
    },
    stop(timeoutMs) {
      stopped ??= (async () => {
        let forced = false;
        const timer = setTimeout(() => {
          forced = true;
          ctx.log.warn('serve: releasing the running imports back to the queue');
          void Promise.resolve().then(() => pool?.forcefulShutdown('serve shutdown timeout')).catch((e: unknown) => ctx.log.error({ err: e }, 'serve: forceful shutdown failed'));
        }, timeoutMs);
        await runner.stop().catch((e: unknown) => ctx.log.error({ err: e }, 'serve: queue stop failed'));
        clearTimeout(timer);
        return forced ? 'forced' : 'graceful';
      })();
      return stopped;
    },
  };
}

async function makeMemoryQueue(ctx: Context): Promise<ImportQueue> {
  const knex = ctx.db.knex;
  let stopping = false;
  let current: Promise<void> | null = null;
  let again = false;

  const nextQueued = async (): Promise<string | null> => {
    // An upload left 'running' by a process that died was put back to 'queued' (or failed) at
    // start, below; a 'running' one now is this process's own.
    const row = await knex('import_batches').where({ source: 'http', status: 'queued' })
      .orderBy('created_at').first('id');
    return row ? String(row.id) : null;
  };
  const drain = async () => {
    do {
      again = false;
      for (let id = await nextQueued(); id && !stopping; id = stopping ? null : await nextQueued()) {
        try {
          await runHttpImport(ctx, id);
        } catch (error) {
          ctx.log.error({ err: error, importId: id }, 'serve: import could not run');
          await failBatch(knex, id, { code: 'INTERNAL', params: { detail: 'the import could not be started' } }, { whileOpen: true });
        }
      }
    } while (again && !stopping);
  };
  const wake = () => {
    if (stopping) return;
    if (current) {
      again = true;
      return;
    }
    current = drain()
      .catch((error: unknown) => ctx.log.error({ err: error }, 'serve: queue failed'))
      .finally(() => {
        current = null;
      });
  };
  // The queued rows are the queue: putting an abandoned upload back is setting it 'queued'.
  await settleAbandonedUploads(ctx, async () => undefined)
    .catch((error: unknown) => ctx.log.error({ err: error }, 'serve: could not settle abandoned uploads'));
  wake();
  return {
    async enqueue() {
      // The batch row, status 'queued', is the queue entry.
    },
    wake,
    async stop(timeoutMs) {
      stopping = true;
      if (!current) return 'graceful';
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'forced'>((resolve) => {
        timer = setTimeout(() => resolve('forced'), timeoutMs);
      });
      const outcome = await Promise.race([current.then(() => 'graceful' as const), timedOut]);
      clearTimeout(timer);
      return outcome;
    },
  };
}

/** graphile-worker's log lines into packreg's JSON log. */
function workerLogger(ctx: Context): WorkerLogger {
  const levels: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' };
  return new WorkerLogger((scope) => (level, message, meta) => {
    ctx.log[levels[level]]({ graphileWorker: scope, ...(meta?.error ? { err: meta.error } : {}) }, message);
  });
}
