import type { Knex } from 'knex';
import { findingBindings, findingSql } from '../findingSql.js';

/**
 * After a cancel stopped the commit (issue 20 item 4): every row still `valid` that did not get a
 * registration from this import was not committed — it becomes `held` with IMPORT_CANCELLED, so
 * the report tells committed rows (registered, with their receipt) from the rest. Rows of groups
 * that committed stay `valid` here; the results view derives `registered` from their registrations.
 */
export async function holdCancelledRows(db: Knex, importId: string): Promise<void> {
  await db.raw(
    `update import_rows r
        set status = 'held', errors = r.errors || ${findingSql(`'{}'::jsonb`)}
      where r.import_id = :id and r.status = 'valid'
        and not exists (select 1 from registrations g where g.import_id = r.import_id and g.import_seq = r.seq)`,
    { id: importId, ...findingBindings('IMPORT_CANCELLED', null) },
  );
}
