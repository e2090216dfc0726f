import path from 'node:path';
import type { AddJobFunction } from 'graphile-worker';
import type { Context } from '../context.js';
import { hashRegularFile } from './hashRegularFile.js';
import { scanInbox } from './scanInbox.js';

/** The import job's task name and payload (one job per inbox file). */
export const IMPORT_FILE_TASK = 'packreg_import_file';
export interface ImportFilePayload {
  readonly inbox: string;
  readonly reseller: string;
  readonly file: string;
  readonly sha256: string;
}

/**
 * The nightly scan as a job (`packreg worker`): one `packreg_import_file` job per quiet file,
 * with `jobKey = reseller:sha256`, so a file scanned twice (two scans, two machines) is queued
 * once: graphile-worker replaces a queued job with the same key instead of adding another.
 * Files still being written wait for the next scan, as with `packreg nightly`.
 *
 * Hazard: a job key only dedupes jobs that are queued, not one that is running (graphile-worker
 * then queues a new job beside the locked one) nor one that finished (it is deleted). That second
 * job is harmless: the file lock and the ledger make it find the file filed already (`gone`).
 */
export async function enqueueInbox(
  ctx: Context,
  inbox: string,
  addJob: AddJobFunction,
): Promise<{ queued: number; waiting: number; unknownFolders: string[] }> {
  const root = path.resolve(inbox);
  const scan = await scanInbox(ctx, root);
  let queued = 0;
  for (const file of scan.ready) {
    const sha256 = await hashRegularFile(file.path);
    if (!sha256) continue;
    const payload: ImportFilePayload = { inbox: root, reseller: file.reseller, file: file.name, sha256 };
    await addJob(IMPORT_FILE_TASK, payload, {
      jobKey: `${file.reseller}:${sha256}`,
      maxAttempts: ctx.config.nightly.workerMaxAttempts,
    });
    queued += 1;
  }
  if (scan.unknownFolders.length > 0) {
    ctx.log.warn({ folders: scan.unknownFolders }, 'worker: inbox folders that are no known reseller code were left alone');
  }
  ctx.log.info({ inbox: root, queued, waiting: scan.waiting.length }, 'worker: inbox scanned');
  return { queued, waiting: scan.waiting.length, unknownFolders: scan.unknownFolders };
}
