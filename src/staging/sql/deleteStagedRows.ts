import type { Knex } from 'knex';

/** Every staged row of a batch (a dead run's, before the batch is queued again). */
export async function deleteStagedRows(db: Knex, importId: string): Promise<void> {
  await db('import_rows').where({ import_id: importId }).delete();
}
