import type { Knex } from 'knex';

/**
 * Turns PostgreSQL's JIT compilation off for the rest of the transaction. packreg's large
 * statements (a commit group, pass 3, the import's summary and its pending applications) are
 * estimated far above the JIT thresholds — jsonb_to_recordset costs each row's option list at
 * 100 rows, and the import's rows share a table with every other import's — and compiling cost
 * as much as running or more (BENCHMARKS.md: pass 3's label statement at 1M rows 1.5 → 0.75 s, a
 * commit group's 0.5–0.7 s of compiling, the summary of a 1M-row dry run 0.74–1.25 → 0.60–0.63 s
 * warm). Set per transaction, never per session, so a pooler sharing server sessions (PgBouncer
 * in transaction mode) never carries it to anyone else. PGlite has no JIT; the setting exists there and is a
 * no-op.
 */
export async function turnOffJit(trx: Knex.Transaction): Promise<void> {
  await trx.raw('set local jit = off');
}

/** `work` in a transaction of its own, without JIT (`turnOffJit`). */
export function withoutJit<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    await turnOffJit(trx);
    return work(trx);
  });
}
