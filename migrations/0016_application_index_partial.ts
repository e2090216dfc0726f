import type { Knex } from 'knex';

/**
 * `import_rows_application_idx` (import, support ID) holds only the rows that statements look up
 * by support ID: valid rows (an application's rows in the commit, the lost-serial and
 * label-recipient judgements, the pending applications) and rejected ones (the application-scope
 * hold looks for a rejected row beside valid ones). A re-import's `already_registered` rows — every
 * row of a file imported again — and held rows are never looked up that way, and no longer pay
 * for an index entry as they are staged: a 100k re-import's backends 2.10 → 1.93 CPU-s, its wall
 * 3.91 → 3.69 s (medians of ten alternated pairs; BENCHMARKS.md, fourteenth round). Without the
 * rejected rows (`where status = 'valid'`) the hold scanned the whole table for them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index import_rows_application_idx');
  await knex.raw(`create index import_rows_application_idx on import_rows (import_id, support_id)
                   where status in ('valid', 'rejected')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index import_rows_application_idx');
  await knex.raw('create index import_rows_application_idx on import_rows (import_id, support_id)');
}
