import type { Knex } from 'knex';

/**
 * queued → cancelled (issue 20 item 4): an import cancelled before it started. The caller holds the
 * batch row locked (`cancelImport`), so the importer either finds it cancelled or is already running.
 */
export async function cancelQueuedBatch(db: Knex, importId: string): Promise<void> {
  await db('import_batches').where({ id: importId, status: 'queued' })
    .update({ status: 'cancelled', finished_at: db.fn.now(), progress: JSON.stringify({ phase: 'done', rowsRead: 0, applicationsCommitted: 0 }) });
}
