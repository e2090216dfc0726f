import type { Knex } from 'knex';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';

/**
 * The label recipient rules of one import, per application (support ID), among rows still valid,
 * in one statement:
 * - two or more different recipients named → every row that names one or needs one is rejected
 *   with `codes.conflict` (params: its value, the support ID, the first `maxListed` recipients);
 * - exactly one → rows that need a label and left it blank inherit it;
 * - none → rows that need a label are rejected with `codes.missing` on label_recipient.
 *
 * `named` finds one recipient or two by their least and greatest (a hash aggregate); the sorted
 * list of distinct recipients, an ordered aggregate, is built for applications in conflict only.
 * `t`, the rows to change, is read in two parts: rows that need a label and left it blank (a
 * plain filter), and rows naming a recipient in an application in conflict (through the
 * application index: nothing when no application is in conflict). Three statements, each
 * aggregating the import's rows again, took 1.45 s at 1M rows; this one 0.75 s (without JIT,
 * see checkAcrossFileInDb).
 */
export async function judgeLabelRecipients(
  db: Knex,
  importId: string,
  codes: { readonly conflict: RowCode; readonly missing: RowCode },
  maxListed: number,
): Promise<void> {
  await db.raw(
    `with named as materialized (
       select support_id, min(label_recipient) as lo, max(label_recipient) as hi
         from import_rows
        where import_id = :id and status = 'valid' and label_recipient <> ''
        group by support_id),
     conflicted as materialized (
       select support_id, (array_agg(distinct label_recipient order by label_recipient))[1:${Number(maxListed)}] as recipients
         from import_rows
        where import_id = :id and status = 'valid' and label_recipient <> ''
          and support_id in (select support_id from named where lo <> hi)
        group by support_id),
     t as materialized (
       select x.seq, n.lo, n.hi, c.recipients
         from import_rows x
         left join named n on n.support_id = x.support_id
         left join conflicted c on c.support_id = x.support_id
        where x.import_id = :id and x.status = 'valid' and x.needs_label and x.label_recipient = ''
       union all
       select x.seq, null, null, c.recipients
         from conflicted c
         join import_rows x on x.import_id = :id and x.support_id = c.support_id
        where x.status = 'valid' and x.label_recipient <> '')
     update import_rows r
        set status = case when t.lo = t.hi then r.status else 'rejected' end,
            label_recipient = case when t.lo = t.hi then t.lo else r.label_recipient end,
            errors = case
              when t.recipients is not null then r.errors || ${findingSql(`jsonb_build_object('value', r.label_recipient, 'supportId', r.support_id, 'recipients', to_jsonb(t.recipients))`, 'conflict')}
              when t.lo is null then r.errors || ${findingSql(`jsonb_build_object('supportId', r.support_id)`, 'missing')}
              else r.errors end
       from t
      where r.import_id = :id and r.seq = t.seq`,
    { id: importId, ...findingBindings(codes.conflict, 'label_recipient', 'conflict'), ...findingBindings(codes.missing, 'label_recipient', 'missing') },
  );
}
