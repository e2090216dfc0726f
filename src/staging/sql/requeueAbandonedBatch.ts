import type { Knex } from 'knex';
import { deleteStagedRows } from './deleteStagedRows.js';

/**
 * running → queued for an upload whose runner is gone (`runnerGone`: the condition on `b`, re-
 * checked in this statement so a live runner's batch is never touched), its dead run's staged rows
 * deleted: the next run stages the file again. Run inside the transaction that re-enqueues it.
 * Returns whether it was requeued.
 */
export async function requeueAbandonedBatch(trx: Knex.Transaction, importId: string, runnerGone: string): Promise<boolean> {
  const back = await trx('import_batches as b').where({ 'b.id': importId, 'b.status': 'running' }).whereRaw(runnerGone)
    .update({
      status: 'queued', started_at: null, progress: '{}', runner_key: null, runner_host: null, runner_pid: null,
      interruptions: trx.raw('b.interruptions + 1'),
    }, ['b.id']);
  if (back.length === 0) return false;
  await deleteStagedRows(trx, importId);
  return true;
}
