import path from 'node:path';
import type { AddJobFunction } from 'graphile-worker';
import type { Context } from '../context.js';
import { hashRegularFile } from './hashRegularFile.js';
import { inboxSpool } from './inboxSpool.js';
import { rawJoin } from './rawJoin.js';
import { scanInbox } from './scanInbox.js';

/** The import job's task name and payload (one job per inbox file). */
export const IMPORT_FILE_TASK = 'packreg_import_file';
export interface ImportFilePayload {
  readonly inbox: string;
  readonly reseller: string;
  /** The name, readable (and exact when it is UTF-8). */
  readonly file: string;
  /** The name's bytes in hex when they are not UTF-8: a JSON string cannot carry them. */
  readonly fileHex?: string;
  readonly sha256: string;
}

/**
 * The nightly scan as a job (`packreg worker`): one `packreg_import_file` job per quiet file,
 * with `jobKey = reseller:sha256`, so a file scanned twice (two scans, two machines) is queued
 * once: graphile-worker replaces a queued job with the same key instead of adding another.
 * Files still being written wait for the next scan, as with `packreg nightly`; refused and skipped
 * entries are logged (the job, like `packreg nightly`, judges each file again when it takes it).
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
  await inboxSpool.sweep(ctx.log);
  const scan = await scanInbox(ctx, root);
  let queued = 0;
  for (const entry of scan.entries) {
    if (entry.kind === 'refused') {
      ctx.log.warn({ reseller: entry.reseller, file: entry.file, reason: entry.reason }, 'worker: inbox entry refused and left alone');
    }
    if (entry.kind !== 'ready' || entry.reseller === null) continue;
    // The hash only names the job (its key); the job takes the file's bytes itself.
    const sha256 = await hashRegularFile(rawJoin(path.join(root, entry.reseller), entry.name));
    if (!sha256) continue;
    const payload: ImportFilePayload = {
      inbox: root, reseller: entry.reseller, file: entry.file, sha256,
      ...(entry.nameEncoding === 'utf-8' ? {} : { fileHex: entry.name.toString('hex') }),
    };
    await addJob(IMPORT_FILE_TASK, payload, {
      jobKey: `${entry.reseller}:${sha256}`,
      maxAttempts: ctx.config.nightly.workerMaxAttempts,
    });
    queued += 1;
  }
  if (scan.unknownFolders.length > 0) {
    ctx.log.warn({ folders: scan.unknownFolders }, 'worker: inbox folders that are no known reseller code were left alone');
  }
  const waiting = scan.entries.filter((e) => e.kind === 'waiting').length;
  ctx.log.info({ inbox: root, queued, waiting }, 'worker: inbox scanned');
  return { queued, waiting, unknownFolders: scan.unknownFolders };
}
