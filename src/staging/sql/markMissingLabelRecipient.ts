import type { Knex } from 'knex';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';

/** Valid rows that need a label and still have no recipient → rejected with `code` on label_recipient. */
export async function markMissingLabelRecipient(db: Knex, importId: string, code: RowCode): Promise<void> {
  await db.raw(
    `update import_rows r
        set status = 'rejected',
            errors = r.errors || ${findingSql(`jsonb_build_object('supportId', r.support_id)`)}
      where r.import_id = :id and r.status = 'valid' and r.needs_label and r.label_recipient = ''`,
    { id: importId, ...findingBindings(code, 'label_recipient') },
  );
}
