import type { Knex } from 'knex';

/**
 * Per-row results derived at read time (issue 9). Committing used to rewrite every registered row
 * of `import_rows` (status and receipt number): a second copy of a ~1 KB row, its index entries
 * and its WAL, per row — a fifth of a million-row import. A row staged `valid` that has a
 * registration from this import is now `registered` (or `pending_review` when its pack needs
 * review) with its application's receipt number; every other row keeps the status it was staged
 * or judged with (rejected, held, already_registered, and `valid` in a dry run).
 *
 * Also drops `registrations_support_id_idx`: nothing reads registrations by support ID alone (an
 * application's registrations are found by application id, a serial's by the live-serial index),
 * and every registered row paid for its upkeep.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index registrations_support_id_idx');
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

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop view import_row_results');
  await knex.raw('create index registrations_support_id_idx on registrations (support_id)');
}
