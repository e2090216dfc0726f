import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { importFile, type ImportProgress } from '../import.js';
import type { Atomicity } from '../plan/applyAtomicity.js';
import { uploadStore } from '../server/uploadStore.js';

/** The job that imports one file uploaded over HTTP (payload `{ importId }`). */
export const HTTP_IMPORT_TASK = 'packreg_http_import';

const Payload = z.object({ importId: z.string().uuid() });
const BatchOptions = z.object({
  dryRun: z.boolean().optional(),
  atomicity: z.enum(['row', 'application', 'file']).optional(),
  sheet: z.string().nullable().optional(),
}).passthrough();

/** A batch found interrupted this many times is failed instead of run again. */
const MAX_INTERRUPTIONS = 2;

/** Progress is written at most this often (each write is a round trip beside the import). */
const PROGRESS_EVERY_MS = 400;

export type HttpImportOutcome = 'finished' | 'failed' | 'skipped';

/**
 * Import an uploaded file: the batch row (status 'queued', created by `POST /v1/imports`) says
 * whose file it is and with which options; the bytes come from the upload store. Run by the
 * `serve` process's own queue and by any `packreg worker` (graphile-worker task below).
 *
 * Idempotent, because a queue may run a job twice (a job released at shutdown, a crash): a batch
 * already finished or failed is left alone. A batch found 'running' was interrupted: when nothing
 * of it was committed, its staged rows are dropped and it runs again; when some applications were
 * committed, re-running it could not tell them from its own, so it is failed with a message that
 * says to upload again (those rows then come back as already registered). A batch found
 * `running` a second time is failed (INTERNAL): an upload that kills its process is never
 * retried into a crash loop.
 *
 * A file-level error is an outcome, not a job failure (the batch is failed with its code; a retry
 * cannot help). Errors before the import starts (database gone) are thrown, so the queue retries.
 */
export async function runHttpImport(ctx: Context, importId: string): Promise<HttpImportOutcome> {
  const knex = ctx.db.knex;
  const batch = await knex('import_batches').where({ id: importId, source: 'http' })
    .first('id', 'reseller_code', 'file_name', 'status', 'options', 'error_params');
  if (!batch || batch.status === 'finished' || batch.status === 'failed') return 'skipped';
  if (batch.status === 'running') {
    // Interruptions are counted in the batch (error_params holds nothing else until it fails): a
    // restart during an import is resumed once, but an upload that takes its process down every
    // time (out of memory, issue 16) must not be taken again after each restart, forever.
    const interrupted = Number(batch.error_params?.interrupted ?? 0) + 1;
    if (interrupted >= MAX_INTERRUPTIONS) {
      await knex('import_batches').where({ id: importId }).update({
        status: 'failed', finished_at: knex.fn.now(), error_code: 'INTERNAL',
        error_params: JSON.stringify({ interrupted, detail: 'the import stopped its process twice and is not run again; check the file, or ask the operator' }),
      });
      await uploadStore.dropBytes(knex, importId);
      ctx.log.error({ importId, interrupted }, 'http import: interrupted again, failed');
      return 'failed';
    }
    await knex('import_batches').where({ id: importId }).update({ error_params: JSON.stringify({ interrupted }) });
    const [row] = await knex('applications').where({ import_id: importId }).count({ n: '*' });
    if (Number(row?.n ?? 0) > 0) {
      await knex('import_batches').where({ id: importId }).update({
        status: 'failed', finished_at: knex.fn.now(), error_code: 'INTERNAL',
        error_params: JSON.stringify({ detail: 'the import was interrupted after committing some applications; upload the file again' }),
      });
      await uploadStore.dropBytes(knex, importId);
      return 'failed';
    }
    await knex('import_rows').where({ import_id: importId }).delete();
    ctx.log.warn({ importId }, 'http import: resuming an interrupted import from the start');
  }

  const options = BatchOptions.parse(batch.options ?? {});
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'packreg-job-'));
  const file = path.join(dir, 'upload');
  try {
    if (!(await uploadStore.materialise(knex, importId, file))) {
      await knex('import_batches').where({ id: importId }).update({
        status: 'failed', finished_at: knex.fn.now(), error_code: 'INTERNAL',
        error_params: JSON.stringify({ detail: 'the uploaded file is no longer stored; upload it again' }),
      });
      return 'failed';
    }
    const progress = progressWriter(ctx, importId);
    try {
      const { summary } = await importFile(ctx, {
        path: file,
        fileName: batch.file_name,
        resellerCode: batch.reseller_code,
        dryRun: options.dryRun ?? false,
        atomicity: (options.atomicity ?? 'application') as Atomicity,
        ...(options.sheet ? { sheet: options.sheet } : {}),
        source: 'http',
        importId,
        onProgress: progress.push,
      });
      await progress.done();
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
      await uploadStore.dropBytes(knex, importId).catch((e: unknown) => ctx.log.warn({ err: e, importId }, 'could not drop upload'));
    }
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
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
      .then(() => ctx.db.knex('import_batches').where({ id: importId, status: 'running' }).update({ progress: JSON.stringify(p) }))
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
