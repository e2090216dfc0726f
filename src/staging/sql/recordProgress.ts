import type { Knex } from 'knex';

/**
 * The progress of a running batch. Only while `running`: `finishBatch` writes the final progress
 * with the final status, and a write still queued must not land after it and wind it back.
 */
export async function recordProgress(db: Knex, importId: string, progress: object): Promise<void> {
  await db('import_batches').where({ id: importId, status: 'running' }).update({ progress: JSON.stringify(progress) });
}
