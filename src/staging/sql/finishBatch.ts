import type { Knex } from 'knex';
import type { ImportSummary } from '../../import.js';
import type { CountColumn } from '../ImportBatchRecord.js';

/**
 * running → finished (or `cancelled`: stopped at a commit-group boundary, issue 20 item 4), with
 * the summary's counts and the final progress in the same update.
 */
export async function finishBatch(db: Knex, importId: string, status: 'finished' | 'cancelled', summary: ImportSummary, progress: object): Promise<void> {
  const counts = Object.fromEntries(Object.entries(summary).map(([k, n]) => [`count_${k}`, n])) as Record<CountColumn, number>;
  await db('import_batches').where({ id: importId }).update({
    status,
    finished_at: db.fn.now(),
    // With the status, so a reader never sees "finished" beside an older phase.
    progress: JSON.stringify(progress),
    ...counts,
  });
}
