import type { Knex } from 'knex';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';
import { NAMED_RECIPIENTS } from './namedRecipients.js';

/**
 * Per application, among rows still valid: two different label recipients → every row that names
 * one or needs one is rejected with `code` (params: its value, the support ID, the recipients).
 */
export async function markLabelConflicts(db: Knex, importId: string, code: RowCode, maxListed: number): Promise<void> {
  await db.raw(
    `with ${NAMED_RECIPIENTS}
     update import_rows r
        set status = 'rejected',
            errors = r.errors || ${findingSql(`jsonb_build_object('value', r.label_recipient, 'supportId', r.support_id,
                                           'recipients', to_jsonb(n.recipients[1:${Number(maxListed)}]))`)}
       from named n
      where r.import_id = :id and r.support_id = n.support_id and r.status = 'valid'
        and cardinality(n.recipients) > 1
        and (r.label_recipient <> '' or r.needs_label)`,
    { id: importId, ...findingBindings(code, 'label_recipient') },
  );
}
