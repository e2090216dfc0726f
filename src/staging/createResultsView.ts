import type { Knex } from 'knex';
import { REPORTED_COLUMNS, STAGED_COLUMNS } from './stagedColumns.js';

/**
 * The per-row results (`import_row_results`), derived at read time from the staged row and its
 * registration (issue 9): a row staged `valid` that has a registration from this import is
 * `registered` (or `pending_review` when its pack needs review) with its application's receipt
 * number; every other row keeps the status it was staged or judged with (rejected, held,
 * already_registered, and `valid` in a dry run). Its pass-through columns come from
 * `STAGED_COLUMNS` (`reported`); JSON kept as text is handed out as json, so readers get arrays.
 * Called by the migrations that change those columns.
 */
export async function createResultsView(knex: Knex): Promise<void> {
  const passed = REPORTED_COLUMNS.map((c) => (STAGED_COLUMNS[c].kind === 'jsonText' ? `r.${c}::json as ${c}` : `r.${c}`));
  await knex.raw('drop view if exists import_row_results');
  await knex.raw(`
    create view import_row_results as
    select r.import_id, ${passed.join(', ')},
           case when r.status = 'valid' and g.id is not null
                then case when r.manual_review then 'pending_review' else 'registered' end
                else r.status end as status,
           coalesce(r.receipt_no, a.receipt_no) as receipt_no
      from import_rows r
      left join registrations g on g.import_id = r.import_id and g.import_seq = r.seq
      left join applications a on a.id = g.application_id`);
}
