import type { Knex } from 'knex';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';

/**
 * Every occurrence of a serial that appears twice or more in the import → rejected with `code`
 * (params: the value, how many times, the first `maxListed` row numbers).
 */
export async function markDuplicateSerials(db: Knex, importId: string, code: RowCode, maxListed: number): Promise<void> {
  await db.raw(
    `with d as materialized (
       select pack_serial, count(*) as n, (array_agg(row_number order by seq))[1:${Number(maxListed)}] as rows
         from import_rows where import_id = :id and pack_serial <> ''
        group by pack_serial having count(*) > 1)
     update import_rows r
        set status = 'rejected', receipt_no = null,
            errors = r.errors || ${findingSql(`jsonb_build_object('value', r.pack_serial, 'count', d.n, 'rows', to_jsonb(d.rows))`)}
       from d
      where r.import_id = :id and r.pack_serial = d.pack_serial`,
    { id: importId, ...findingBindings(code, 'pack_serial') },
  );
}
