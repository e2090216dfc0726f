import type { Knex } from 'knex';
import { withoutJit } from '../db/withoutJit.js';
import { judgeLabelRecipients } from '../staging/sql/judgeLabelRecipients.js';
import { markDuplicateSerials } from '../staging/sql/markDuplicateSerials.js';

const MAX_LISTED = 20;

/**
 * Pass 3, across the file (SPEC §4), set-based over the rows staged in `import_rows`, so a
 * million-row file needs no per-row memory in the importer. Same semantics as the pure
 * `checkAcrossFile` (which documents them, and is its differential test oracle):
 * - `PACK_SERIAL_DUPLICATE` on every occurrence of a serial that appears twice or more;
 * - per application (support ID), among rows still `valid`: two different label recipients →
 *   `LABEL_RECIPIENT_CONFLICT` on every row that names one or needs one; one → blank cells of rows
 *   that need a label inherit it; none → `REQUIRED` on label_recipient for rows that need one.
 * The statements are the staging store's (src/staging/sql/); the codes are chosen here. Returns
 * whether any statement ran (false: no row was changed).
 */
export async function checkAcrossFileInDb(
  knex: Knex,
  importId: string,
  /** The serials that may repeat (`SerialSieve.result()`); null: any may. */
  serialSuspects: readonly string[] | null = null,
  /** Whether the label recipients can need judging (`LabelRecipientWatch.mustJudge()`). */
  judgeLabels = true,
): Promise<boolean> {
  if (serialSuspects?.length === 0 && !judgeLabels) return false;
  // One transaction: the pass is whole or not at all. No JIT compilation (the label recipient
  // statement at 1M rows: 1.5 s with JIT, 0.75 s without; BENCHMARKS.md).
  await withoutJit(knex, async (trx) => {
    await markDuplicateSerials(trx, importId, 'PACK_SERIAL_DUPLICATE', MAX_LISTED, serialSuspects);
    if (judgeLabels) await judgeLabelRecipients(trx, importId, { conflict: 'LABEL_RECIPIENT_CONFLICT', missing: 'REQUIRED' }, MAX_LISTED);
  });
  return true;
}
