import type { Knex } from 'knex';
import { pgTextArray } from '../../db/pgTextArray.js';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';

/**
 * Every occurrence of a serial that appears twice or more in the import → rejected with `code`
 * (params: the value, how many times, the first `maxListed` row numbers).
 *
 * Two steps: which serials repeat is a hash aggregate over the import's rows; the row numbers
 * (an ordered aggregate, which sorts) are gathered for those serials only. One ordered aggregate
 * over every row sorted a million serials to find none (1.2–1.4 → 0.83–1.06 s at 1M rows, most
 * files having no duplicate); with no duplicate the second step reads nothing.
 *
 * `suspects`, when given, are the only serials that may repeat (a `SerialSieve` over the file's
 * rows): the aggregate then counts those alone, and an empty list needs no statement at all.
 * null: any serial may (the whole import is aggregated).
 */
export async function markDuplicateSerials(
  db: Knex,
  importId: string,
  code: RowCode,
  maxListed: number,
  suspects: readonly string[] | null = null,
): Promise<void> {
  if (suspects !== null && suspects.length === 0) return;
  const among = suspects === null ? `pack_serial <> ''` : `pack_serial = any(cast(:suspects as text[]))`;
  await db.raw(
    `with repeated as materialized (
       select pack_serial from import_rows
        where import_id = :id and ${among}
        group by pack_serial having count(*) > 1),
     d as materialized (
       select pack_serial, count(*) as n, (array_agg(row_number order by seq))[1:${Number(maxListed)}] as rows
         from import_rows where import_id = :id and pack_serial in (select pack_serial from repeated)
        group by pack_serial)
     update import_rows r
        set status = 'rejected', receipt_no = null,
            errors = r.errors || ${findingSql(`jsonb_build_object('value', r.pack_serial, 'count', d.n, 'rows', to_jsonb(d.rows))`)}
       from d
      where r.import_id = :id and r.pack_serial = d.pack_serial`,
    { id: importId, ...(suspects === null ? {} : { suspects: pgTextArray(suspects) }), ...findingBindings(code, 'pack_serial') },
  );
}
