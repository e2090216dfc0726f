import path from 'node:path';
import * as z from 'zod';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import type { ImportFilePayload } from './enqueueInbox.js';
import { nightlyLedger } from './nightlyLedger.js';
import { processInboxFile, type FileOutcome } from './processInboxFile.js';

const Payload = z.object({
  inbox: z.string().min(1),
  reseller: z.string().min(1),
  file: z.string().min(1),
  fileHex: z.string().regex(/^([0-9a-f]{2})+$/).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Thrown for a job graphile-worker should retry later (with its exponential backoff). */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/**
 * The `packreg_import_file` task: import one inbox file and file it away, exactly as
 * `packreg nightly` does for each file. Completes when the file is imported, was imported before,
 * or failed at file level (a business outcome, filed in failed/: retrying cannot help), or when
 * the name now holds something refused (a link, a FIFO). Throws, so graphile-worker retries it,
 * when another worker holds the file, when it is still being written, when the file is not there
 * (yet: an upload that lands after the scan, a share not mounted) and no run has filed it, and
 * on errors outside the file (database, disk).
 *
 * The payload comes from the queue, so it is checked like input: the inbox must be this worker's
 * own (a job cannot send a worker reading elsewhere), names must be plain file names.
 */
export async function importFileJob(ctx: Context, inbox: string, rawPayload: unknown, lang: Lang): Promise<FileOutcome> {
  const payload: ImportFilePayload = Payload.parse(rawPayload);
  if (path.resolve(payload.inbox) !== path.resolve(inbox)) {
    throw new Error(`job for inbox ${payload.inbox}, this worker serves ${inbox}`);
  }
  const name = payload.fileHex ? Buffer.from(payload.fileHex, 'hex') : Buffer.from(payload.file);
  const outcome = await processInboxFile(ctx, { inbox: path.resolve(inbox), reseller: payload.reseller, name, lang });
  ctx.log[outcome.outcome === 'refused' ? 'warn' : 'info']({ reseller: outcome.reseller, file: outcome.file, outcome: outcome.outcome, reason: outcome.reason, importId: outcome.importId, summary: outcome.summary, error: outcome.error }, 'worker: file');
  switch (outcome.outcome) {
    case 'imported':
    case 'already_imported':
    case 'failed':
    case 'refused': // a link or a FIFO now under that name: retrying cannot help; logged above
    case 'skipped':
      return outcome;
    case 'waiting':
      throw new RetryLater(`still being written: ${payload.reseller}/${JSON.stringify(payload.file)}`);
    case 'busy':
      throw new RetryLater(`another process is importing ${payload.reseller}/${JSON.stringify(payload.file)}`);
    case 'gone': {
      const entry = await nightlyLedger.read(ctx.db.knex, payload.reseller, payload.sha256);
      if (entry && entry.status !== 'running') return outcome;
      throw new RetryLater(`file not found: ${payload.reseller}/${JSON.stringify(payload.file)}`);
    }
    case 'error':
      throw new RetryLater(`${outcome.error?.code ?? 'INTERNAL'}: ${outcome.error?.message ?? ''}`);
  }
}
