import type { Knex } from 'knex';
import { createResultsView } from '../src/staging/createResultsView.js';

/**
 * The staging store (issue 19, docs/staging.md): `import_rows` narrowed to what later stages read.
 *
 * - `cells` (the row's cells as read, echoed by reports) is JSON kept as text: nothing in the
 *   database looks inside it, and parsing it into jsonb was most of the COPY's server time per
 *   row. The results view hands it out as json, so readers still get an array.
 * - The row → batch foreign key goes: one check per staged row, and no batch is ever deleted
 *   (a requeued upload deletes its rows itself, `deleteStagedRows`).
 * - `import_rows_serial_idx` goes: the duplicate-serial pass groups the import's rows (read by
 *   the primary key's `import_id` prefix), and nothing looks a serial up in staged rows; every
 *   staged row paid for its upkeep.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop view import_row_results');
  await knex.raw(`alter table import_rows alter column cells drop default,
                    alter column cells type text using cells::text,
                    alter column cells set default '[]'`);
  await knex.raw('alter table import_rows drop constraint if exists import_rows_import_id_foreign');
  await knex.raw('drop index if exists import_rows_serial_idx');
  await createResultsView(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop view import_row_results');
  await knex.raw('create index import_rows_serial_idx on import_rows (import_id, pack_serial)');
  await knex.raw(`alter table import_rows add constraint import_rows_import_id_foreign
                    foreign key (import_id) references import_batches (id) on delete cascade`);
  await knex.raw(`alter table import_rows alter column cells drop default,
                    alter column cells type jsonb using cells::jsonb,
                    alter column cells set default '[]'`);
  await knex.raw(`
    create view import_row_results as
    select r.import_id, r.seq, r.sheet, r.row_number, r.support_id, r.pack_model, r.pack_serial,
           case when r.status = 'valid' and g.id is not null
                then case when r.manual_review then 'pending_review' else 'registered' end
                else r.status end as status,
           coalesce(r.receipt_no, a.receipt_no) as receipt_no,
           r.service_end, r.errors, r.warnings, r.cells
      from import_rows r
      left join registrations g on g.import_id = r.import_id and g.import_seq = r.seq
      left join applications a on a.id = g.application_id`);
}
