import type { Knex } from 'knex';
import { NAMED_RECIPIENTS } from './namedRecipients.js';

/** Per application with exactly one named recipient: valid rows that need a label and left it blank inherit it. */
export async function inheritLabelRecipient(db: Knex, importId: string): Promise<void> {
  await db.raw(
    `with ${NAMED_RECIPIENTS}
     update import_rows r
        set label_recipient = n.recipients[1]
       from named n
      where r.import_id = :id and r.support_id = n.support_id and r.status = 'valid'
        and cardinality(n.recipients) = 1 and r.needs_label and r.label_recipient = ''`,
    { id: importId },
  );
}
