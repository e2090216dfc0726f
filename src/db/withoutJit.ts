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

/**
 * Turns off, for the rest of the transaction, JIT and parallel workers: for reading a page of
 * rows that the planner, in a database holding many imports, estimates over both thresholds. A
 * report page of 5,000 rows beside 17 imports of a million rows was planned as a Gather Merge of
 * two workers (three server processes on a 2-core machine already running the report) or, with
 * workers off, JIT-compiled for ≈ 30 ms: 90–100 ms a page, against 43–65 ms with both off, and a
 * 1M-row JSON report 35–38 → 10.5–13.3 s (BENCHMARKS.md, seventeenth round). PGlite has neither;
 * both settings exist there and do nothing.
 */
export async function turnOffJitAndWorkers(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)");
}
