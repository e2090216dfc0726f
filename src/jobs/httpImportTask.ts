import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from 'graphile-worker';
import type { Knex } from 'knex';
import * as z from 'zod';
import type { Context } from '../context.js';
import { settleAbandonedImports } from '../db/settleAbandonedImports.js';
import { PackregError } from '../domain/PackregError.js';
import { importFile, type ImportProgress } from '../import.js';
import type { Atomicity } from '../plan/applyAtomicity.js';
import { uploadStore } from '../server/uploadStore.js';
import { failBatch } from '../staging/sql/failBatch.js';
import { recordProgress } from '../staging/sql/recordProgress.js';

/** The job that imports one file uploaded over HTTP (payload `{ importId }`). */
export const HTTP_IMPORT_TASK = 'packreg_http_import';

const Payload = z.object({ importId: z.string().uuid() });
const BatchOptions = z.object({
  dryRun: z.boolean().optional(),
  atomicity: z.enum(['row', 'application', 'file']).optional(),
  sheet: z.string().nullable().optional(),
  // A commit of a previewed plan (POST /v1/imports/:id/commit).
  planId: z.string().uuid().optional(),
}).passthrough();

/** An uploaded dry run keeps its file this long, so its plan can be committed (issue 20 item 6). */
const PLAN_BYTES_KEPT_HOURS = 24;

/** Progress is written at most this often (each write is a round trip beside the import). */
const PROGRESS_EVERY_MS = 400;

export type HttpImportOutcome = 'finished' | 'failed' | 'skipped';

/**
 * Import an uploaded file: the batch row (status 'queued', created by `POST /v1/imports`) says
 * whose file it is and with which options; the bytes come from the upload store. Run by the
 * `serve` process's own queue and by any `packreg worker` (graphile-worker task below).
 *
 * Idempotent, because a queue may run a job twice (a job released at shutdown, a crash): a batch
 * already finished or failed is left alone. A batch found 'running' is left alone while its
 * runner lives (another process is on it); when its runner is gone it was interrupted
 * (`settleAbandonedImports`): when nothing of it was committed, its staged rows are dropped and it
 * runs again; when some applications were committed, re-running it could not tell them from its
 * own, so it is failed with IMPORT_ABANDONED, whose message says to import the file again (those
 * rows then come back as already registered).
 *
 * A file-level error is an outcome, not a job failure (the batch is failed with its code; a retry
 * cannot help). Errors before the import starts (database gone) are thrown, so the queue retries.
 */
export async function runHttpImport(ctx: Context, importId: string): Promise<HttpImportOutcome> {
  const knex = ctx.db.knex;
  const batch = await knex('import_batches').where({ id: importId, source: 'http' })
    .first('id', 'reseller_code', 'file_name', 'status', 'options');
  if (!batch || batch.status === 'finished' || batch.status === 'failed' || batch.status === 'cancelled') return 'skipped';
  if (batch.status === 'running') {
    // This job is the queue's owner of the batch: "requeue" is simply running it now.
    const settled = await settleAbandonedImports(knex, { sources: ['http'], importId, requeue: async () => undefined }, ctx.log);
    if (settled.failed.length > 0) {
      await uploadStore.dropBytes(knex, importId);
      return 'failed';
    }
    if (settled.requeued.length === 0) return 'skipped'; // its runner lives: another process is on it
    ctx.log.warn({ importId }, 'http import: resuming an interrupted import from the start');
  }

  const options = BatchOptions.parse(batch.options ?? {});
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'packreg-job-'));
  const file = path.join(dir, 'upload');
  try {
    if (!(await uploadStore.materialise(knex, importId, file))) {
      await failBatch(knex, importId, { code: 'INTERNAL', params: { detail: 'the uploaded file is no longer stored; upload it again' } });
      return 'failed';
    }
    const progress = progressWriter(ctx, importId);
    // A dry run that recorded a plan keeps its bytes: POST /v1/imports/:id/commit imports them.
    let keepBytes = false;
    try {
      const { summary, planId } = await importFile(ctx, {
        path: file,
        fileName: batch.file_name,
        resellerCode: batch.reseller_code,
        dryRun: options.dryRun ?? false,
        atomicity: (options.atomicity ?? 'application') as Atomicity,
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.planId ? { planId: options.planId } : {}),
        source: 'http',
        importId,
        onProgress: progress.push,
      });
      await progress.done();
      keepBytes = planId !== null && (options.dryRun ?? false);
      ctx.log.info({ importId, reseller: batch.reseller_code, summary }, 'http import finished');
      return 'finished';
    } catch (error) {
      await progress.done();
      // importFile has marked the batch failed with the error's code already.
      if (error instanceof PackregError) {
        ctx.log.info({ importId, code: error.code }, 'http import failed at file level');
      } else {
        ctx.log.error({ importId, err: error }, 'http import failed');
      }
      return 'failed';
    } finally {
      if (!keepBytes) await uploadStore.dropBytes(knex, importId).catch((e: unknown) => ctx.log.warn({ err: e, importId }, 'could not drop upload'));
      await uploadStore.dropUnusedPlanBytes(knex, PLAN_BYTES_KEPT_HOURS)
        .catch((e: unknown) => ctx.log.warn({ err: e }, 'could not drop the bytes of unused plans'));
    }
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Queue the job of upload `importId` on graphile-worker, inside `trx` (the transaction that
 * created or re-queued its batch: both land, or neither). One job per upload (job key): adding it
 * again while a dead worker still has the old one locked (graphile-worker keeps such a lock for 4
 * hours) retires that one and queues a fresh one, which is how an abandoned upload is re-queued.
 */
export async function addHttpImportJob(trx: Knex, importId: string): Promise<void> {
  await trx.raw('select graphile_worker.add_job(identifier => ?, payload => json_build_object(\'importId\', ?::text), max_attempts => 5, job_key => ?)',
    [HTTP_IMPORT_TASK, importId, `http:${importId}`]);
}

/**
 * Settle the uploads whose process died (SPEC §7), at the start of a process that runs the upload
 * queue: back to the queue (`requeue`) when none of their applications was committed, otherwise
 * failed with IMPORT_ABANDONED and their bytes dropped. An upload still `queued` is untouched.
 */
export async function settleAbandonedUploads(ctx: Context, requeue: (trx: Knex.Transaction, importId: string) => Promise<void>): Promise<void> {
  const settled = await settleAbandonedImports(ctx.db.knex, { sources: ['http'], requeue }, ctx.log);
  for (const { id } of settled.failed) {
    await uploadStore.dropBytes(ctx.db.knex, id).catch((e: unknown) => ctx.log.warn({ err: e, importId: id }, 'could not drop upload'));
  }
}

/** The graphile-worker task for `packreg worker` and `serve` on PostgreSQL. */
export function makeHttpImportTask(ctx: Context): Task {
  return async (payload) => {
    await runHttpImport(ctx, Payload.parse(payload).importId);
  };
}

/**
 * Throttled progress writes. The import calls back synchronously; writes are chained so they land
 * in order and never overlap, and nothing in the import waits for them. Hazard (PGlite, one
 * connection): a write issued while a commit transaction is open simply queues behind it.
 */
function progressWriter(ctx: Context, importId: string) {
  let chain: Promise<unknown> = Promise.resolve();
  let lastAt = 0;
  let lastPhase = '';
  let latest: ImportProgress | null = null;
  let written: ImportProgress | null = null;
  const write = (p: ImportProgress) => {
    written = p;
    chain = chain
      // Only while running: importFile writes the final progress with the final status, and a
      // write still queued here must not land after it and wind the progress back.
      .then(() => recordProgress(ctx.db.knex, importId, p))
      .catch((error: unknown) => ctx.log.warn({ err: error, importId }, 'could not record progress'));
  };
  return {
    push(p: ImportProgress): void {
      latest = p;
      const now = Date.now();
      if (p.phase === lastPhase && now - lastAt < PROGRESS_EVERY_MS) return;
      lastAt = now;
      lastPhase = p.phase;
      write(p);
    },
    async done(): Promise<void> {
      if (latest && latest !== written) write(latest);
      await chain;
    },
  };
}
