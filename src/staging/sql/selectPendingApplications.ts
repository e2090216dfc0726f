import type { Knex } from 'knex';

/** The import's applications still to commit: support IDs with valid rows, how many, in key order. */
export async function selectPendingApplications(db: Knex, importId: string): Promise<Array<{ supportId: string; rows: number }>> {
  const pending: Array<{ support_id: string; n: number }> = await db('import_rows')
    .where({ import_id: importId, status: 'valid' })
    .groupBy('support_id')
    .orderBy('support_id')
    .select('support_id', db.raw('count(*)::int as n'));
  return pending.map((p) => ({ supportId: p.support_id, rows: p.n }));
}
