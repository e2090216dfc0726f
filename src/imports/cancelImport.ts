import type { Knex } from 'knex';
import { PackregError } from '../domain/PackregError.js';
import { queueImportWebhooks } from '../outbox/queueImportWebhooks.js';
import { cancelQueuedBatch } from '../staging/sql/cancelQueuedBatch.js';
import { uploadStore } from '../server/uploadStore.js';
import { isImportId } from '../server/loadImportStatus.js';

/** What a cancel did: a queued import is cancelled at once; a running one stops at its next commit group. */
export interface CancelOutcome {
  readonly id: string;
  readonly status: 'cancelled' | 'cancelling';
}

/**
 * Cancel one of `resellerCode`'s imports (issue 20 item 4; `DELETE /v1/imports/:id`, `packreg
 * imports cancel`). The one writer of `import_cancel_requests`.
 *
 * - queued → `cancelled` now (its uploaded bytes dropped; a queue job that still comes skips it);
 * - running → a cancel request is stored; the importer, in whatever process it runs, reads it
 *   before each commit group (`makeCancelCheck`) and stops there: applications committed stay;
 * - cancelled → the same answer again (DELETE is idempotent);
 * - finished or failed → IMPORT_NOT_CANCELLABLE.
 * Another reseller's import is NOT_FOUND, exactly like a missing one. `resellerCode` null: any
 * reseller's (the operator's `packreg imports cancel ID` without `--reseller`).
 *
 * The batch row is locked first, so a cancel and an importer starting the import are ordered:
 * either the importer finds the batch cancelled and does not start, or the cancel finds it
 * running and leaves a request.
 */
export async function cancelImport(knex: Knex, importId: string, resellerCode: string | null): Promise<CancelOutcome> {
  if (!isImportId(importId)) throw new PackregError('NOT_FOUND', { kind: 'import', id: importId });
  return knex.transaction(async (trx) => {
    const batch = await trx('import_batches').where({ id: importId, ...(resellerCode === null ? {} : { reseller_code: resellerCode }) })
      .forUpdate().first('status');
    if (!batch) throw new PackregError('NOT_FOUND', { kind: 'import', id: importId });
    switch (batch.status as string) {
      case 'queued':
        await cancelQueuedBatch(trx, importId);
        await uploadStore.dropBytes(trx, importId);
        // The reseller's webhook hears of it in the same transaction (issue 20 item 5).
        await queueImportWebhooks(trx, [importId]);
        return { id: importId, status: 'cancelled' };
      case 'running':
        await trx('import_cancel_requests').insert({ import_id: importId }).onConflict('import_id').ignore();
        return { id: importId, status: 'cancelling' };
      case 'cancelled':
        return { id: importId, status: 'cancelled' };
      default:
        throw new PackregError('IMPORT_NOT_CANCELLABLE', { id: importId, status: batch.status });
    }
  });
}
