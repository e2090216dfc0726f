import type { Knex } from 'knex';
import { pgTextArray } from '../../db/pgTextArray.js';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';

/**
 * Rows of the group (`supportIds`) whose serial another import registered meanwhile are judged
 * against the winner: same data → already_registered with the winner's receipt; else → rejected
 * with `code`. The group's rows are taken first (materialised) so the plan walks them, not the
 * whole import. Inside the group's transaction.
 */
export async function judgeLostSerials(trx: Knex.Transaction, importId: string, supportIds: readonly string[], code: RowCode): Promise<void> {
  await trx.raw(
    `with mine as materialized (
       select seq, pack_serial, support_id, pack_model, product_model, service_start, service_end
         from import_rows
        where import_id = :id and status = 'valid' and support_id = any(cast(:ids as text[])))
     update import_rows r
        set status = case when same then 'already_registered' else 'rejected' end,
            receipt_no = case when same then w.receipt_no else null end,
            errors = case when same then r.errors
                          else r.errors || ${findingSql(`jsonb_build_object('value', r.pack_serial)`)} end
       from (select g.pack_serial, wa.receipt_no,
                    (g.support_id, g.pack_model, g.product_model, g.service_start, g.service_end)
                      = (x.support_id, x.pack_model, x.product_model, x.service_start, x.service_end) as same,
                    x.seq
               from mine x
               join registrations g on g.pack_serial = x.pack_serial and g.released_at is null
               join applications wa on wa.id = g.application_id
              where g.import_id <> :id) w
      where r.import_id = :id and r.seq = w.seq`,
    { id: importId, ids: pgTextArray(supportIds), ...findingBindings(code, 'pack_serial') },
  );
}
