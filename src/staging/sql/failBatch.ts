import type { Knex } from 'knex';

/**
 * → failed with an error code (SPEC §6, §7). `whileOpen`: only a batch still queued or running
 * (a caller that may race with the import's own ending must not overwrite a finished batch).
 * Returns whether the batch was failed.
 */
export async function failBatch(
  db: Knex,
  importId: string,
  error: { readonly code: string; readonly params: object },
  { whileOpen = false }: { whileOpen?: boolean } = {},
): Promise<boolean> {
  const q = db('import_batches').where({ id: importId });
  if (whileOpen) q.whereIn('status', ['queued', 'running']);
  const n = await q.update({ status: 'failed', finished_at: db.fn.now(), error_code: error.code, error_params: JSON.stringify(error.params) });
  return Number(n) > 0;
}
