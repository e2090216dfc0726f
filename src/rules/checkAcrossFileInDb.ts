import type { Knex } from 'knex';

const MAX_LISTED = 20;

/**
 * Pass 3, across the file (SPEC §4), set-based over the rows staged in `import_rows`, so a
 * million-row file needs no per-row memory in the importer. Same semantics as the pure
 * `checkAcrossFile` (which documents them, and is its differential test oracle):
 * - `PACK_SERIAL_DUPLICATE` on every occurrence of a serial that appears twice or more;
 * - per application (support ID), among rows still `valid`: two different label recipients →
 *   `LABEL_RECIPIENT_CONFLICT` on every row that names one or needs one; one → blank cells of rows
 *   that need a label inherit it; none → `REQUIRED` on label_recipient for rows that need one.
 */
export async function checkAcrossFileInDb(knex: Knex, importId: string): Promise<void> {
  await knex.raw(
    `with d as materialized (
       select pack_serial, count(*) as n, (array_agg(row_number order by seq))[1:${MAX_LISTED}] as rows
         from import_rows where import_id = :id and pack_serial <> ''
        group by pack_serial having count(*) > 1)
     update import_rows r
        set status = 'rejected', receipt_no = null,
            errors = r.errors || jsonb_build_array(jsonb_build_object(
              'code', 'PACK_SERIAL_DUPLICATE', 'field', 'pack_serial',
              'params', jsonb_build_object('value', r.pack_serial, 'count', d.n, 'rows', to_jsonb(d.rows))))
       from d
      where r.import_id = :id and r.pack_serial = d.pack_serial`,
    { id: importId },
  );

  const named = `named as materialized (
       select support_id, array_agg(distinct label_recipient order by label_recipient) as recipients
         from import_rows
        where import_id = :id and status = 'valid' and label_recipient <> ''
        group by support_id)`;

  await knex.raw(
    `with ${named}
     update import_rows r
        set status = 'rejected',
            errors = r.errors || jsonb_build_array(jsonb_build_object(
              'code', 'LABEL_RECIPIENT_CONFLICT', 'field', 'label_recipient',
              'params', jsonb_build_object('value', r.label_recipient, 'supportId', r.support_id,
                                           'recipients', to_jsonb(n.recipients[1:${MAX_LISTED}]))))
       from named n
      where r.import_id = :id and r.support_id = n.support_id and r.status = 'valid'
        and cardinality(n.recipients) > 1
        and (r.label_recipient <> '' or r.needs_label)`,
    { id: importId },
  );

  await knex.raw(
    `with ${named}
     update import_rows r
        set label_recipient = n.recipients[1]
       from named n
      where r.import_id = :id and r.support_id = n.support_id and r.status = 'valid'
        and cardinality(n.recipients) = 1 and r.needs_label and r.label_recipient = ''`,
    { id: importId },
  );

  await knex.raw(
    `update import_rows r
        set status = 'rejected',
            errors = r.errors || jsonb_build_array(jsonb_build_object(
              'code', 'REQUIRED', 'field', 'label_recipient',
              'params', jsonb_build_object('supportId', r.support_id)))
      where r.import_id = :id and r.status = 'valid' and r.needs_label and r.label_recipient = ''`,
    { id: importId },
  );
}
