import type { Knex } from 'knex';
import type { ImportSource } from '../../db/settleAbandonedImports.js';

/**
 * running (or a CLI/nightly batch still queued) → failed with IMPORT_ABANDONED, for batches whose
 * runner is gone (`runnerGone`: the condition on `b`, checked in this very statement). An upload
 * that is `queued` is the queue itself and never touched. Returns the batches failed.
 */
export async function failAbandonedBatches(
  db: Knex,
  scope: { readonly sources: readonly ImportSource[]; readonly importId?: string },
  runnerGone: string,
): Promise<Array<{ id: string; source: ImportSource }>> {
  const q = db('import_batches as b')
    .whereIn('b.source', [...scope.sources])
    .where((w) => w.where('b.status', 'running').orWhere((o) => o.where('b.status', 'queued').whereNot('b.source', 'http')))
    .whereRaw(runnerGone);
  if (scope.importId) q.where('b.id', scope.importId);
  return q.update({
    status: 'failed',
    finished_at: db.fn.now(),
    error_code: 'IMPORT_ABANDONED',
    error_params: db.raw(`jsonb_build_object('runner', b.runner_host || ':' || b.runner_pid, 'interruptions', b.interruptions + 1)`),
  }, ['b.id', 'b.source']) as unknown as Promise<Array<{ id: string; source: ImportSource }>>;
}
