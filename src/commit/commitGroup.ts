import type { Knex } from 'knex';
import { pgTextArray } from '../db/pgTextArray.js';
import { turnOffJit } from '../db/withoutJit.js';
import { queueNotifications } from '../outbox/queueNotifications.js';
import { judgeLostSerials } from '../staging/sql/judgeLostSerials.js';
import { REGISTERED_COLUMNS } from '../staging/stagedColumns.js';

/**
 * Commit a group of applications (one per support ID) in one transaction, set-based from the
 * staged rows. A crash leaves the group whole or absent, so every application is whole or absent.
 * Must run inside `trx`; `supportIds` never share a serial with another group of the same import
 * (pass 3 rejected duplicates), so groups commit in parallel without touching each other.
 *
 * The unique index on live serials is the last word: a serial another import registered first
 * is skipped here (`on conflict do nothing`), and that row is then judged against the winner —
 * `already_registered` with the winner's receipt when the data match, else rejected with
 * `PACK_SERIAL_REGISTERED` — while the rest of its application goes in (SPEC §5: "the loser's
 * application is retried without that row"). Serials are inserted in sorted order, so two imports
 * racing on overlapping serials wait for each other instead of deadlocking.
 *
 * Returns whether every valid row of the group was registered (no serial lost to another import).
 */
export async function commitGroup(
  trx: Knex.Transaction,
  importId: string,
  resellerCode: string,
  supportIds: readonly string[],
  /** Valid rows the group holds: when all of them are registered, no race was lost. */
  expectedRows: number,
  /**
   * Skip serials another import holds (`on conflict do nothing`). Off on the normal path: a plain
   * insert is cheaper, and a lost race shows up as a unique violation, after which the caller
   * runs the group again with it on (commitApplications).
   */
  skipTakenSerials = false,
): Promise<boolean> {
  const p = { id: importId, reseller: resellerCode, ids: pgTextArray(supportIds) };
  // Registrations have no row-level foreign keys (migration 0009): their parents are checked per
  // statement, which sees committed rows only, so hold them still until this group commits. In
  // the reference load's order (products before pack_serials), so neither waits on the other twice.
  await trx.raw('lock table products, pack_serials in share mode');
  // No JIT for the group's statements: a group of 5,000 rows is estimated far above the JIT
  // thresholds, and one that passed them spent more time compiling (30 ms; 0.5–0.7 s with
  // inlining and optimisation) than running (80 ms).
  await turnOffJit(trx);

  const inserted = await trx.raw(
    `insert into applications (import_id, support_id, reseller_code, status, label_recipient_user_id)
     select :id, support_id, :reseller,
            case when bool_or(manual_review) then 'under_review' else 'completed' end,
            nullif(max(label_recipient), '')
       from import_rows
      where import_id = :id and status = 'valid' and support_id = any(cast(:ids as text[]))
      group by support_id
      order by support_id
     returning id`,
    p,
  );
  // Everything below finds this group's rows through its application ids (indexed), never by
  // scanning registrations by import: right after a bulk load the planner's statistics may say
  // the table is empty, and a scan that grows with every group makes a large import quadratic.
  const appIds = (inserted.rows as Array<{ id: number }>).map((r) => r.id);
  const q = { ...p, apps: `{${appIds.join(',')}}` };

  // The group's rows are taken once, by key (import_id, support_id = any), on their own: joined
  // with applications in the same scan, the planner chose the merge join's order and filtered the
  // whole import for every group, and joined with import_rows again for the options, it hashed the
  // whole table per group — a million-row import read import_rows 400 times (issue 9). Everything
  // after works on these few thousand rows (only the columns used: the echoed cells and findings
  // are most of a row's width) and the group's application ids. The rows' results are not
  // written back: the view import_row_results derives them from these registrations.
  const registered = await trx.raw(
    `with rows as materialized (
       select seq, row_number, import_id, ${REGISTERED_COLUMNS.join(', ')}, options
         from import_rows
        where import_id = :id and status = 'valid' and support_id = any(cast(:ids as text[]))),
     inserted as (
     insert into registrations (application_id, ${REGISTERED_COLUMNS.join(', ')}, import_id, import_seq, source_row)
     select a.id, ${REGISTERED_COLUMNS.map((c) => `r.${c}`).join(', ')}, r.import_id, r.seq, r.row_number
       from rows r
       join applications a on a.id = any(cast(:apps as bigint[])) and a.support_id = r.support_id
      order by r.pack_serial
     ${skipTakenSerials ? 'on conflict (pack_serial) where released_at is null do nothing' : ''}
     returning id, import_seq),
     options as (
       insert into registration_options (registration_id, option_model, quantity)
       select i.id, o.model, o.quantity
         from inserted i
         join rows r on r.seq = i.import_seq
         cross join lateral jsonb_to_recordset(r.options) as o(model text, quantity int))
     select count(*)::int as n from inserted`,
    q,
  );
  const registeredRows = (registered.rows as Array<{ n: number }>)[0]?.n ?? 0;
  if (registeredRows === expectedRows) {
    // Every valid row is in: the review state the insert took from the rows stands.
    await finishGroup(trx, q, appIds, false);
    return true;
  }

  // Some serial was won by another import meanwhile (rare: pass 2 saw it free). Those rows are
  // judged against the winner: same data → already in; else → rejected. The group's rows are
  // taken first (materialised) so the plan walks them, not the whole import.
  await judgeLostSerials(trx, importId, supportIds, 'PACK_SERIAL_REGISTERED');

  // An application all of whose rows lost their serials has nothing left to register.
  await trx.raw(
    `delete from applications a
      where a.id = any(cast(:apps as bigint[]))
        and not exists (select 1 from registrations g where g.application_id = a.id)`,
    q,
  );
  await finishGroup(trx, q, appIds, true);
  return false;
}

/** Review state, label shipment and outbox of the group's applications. */
async function finishGroup(trx: Knex.Transaction, q: { id: string; apps: string }, appIds: readonly number[], rowsLost: boolean): Promise<void> {
  // Review state from what was actually registered (a lost race may have removed the NX pack).
  if (rowsLost) await trx.raw(
    `update applications a
        set status = case when exists (select 1 from registrations g join pack_models m on m.model = g.pack_model
                                        where g.application_id = a.id and m.manual_review)
                          then 'under_review' else 'completed' end
      where a.id = any(cast(:apps as bigint[]))`,
    q,
  );

  // One label shipment when some registered pack needs one, to the recipient's address.
  await trx.raw(
    `insert into label_shipments (application_id, recipient_user_id, recipient_name, postal_code, address, building, phone)
     select a.id, u.user_id, u.name, u.postal_code, u.address, u.building, u.phone
       from applications a
       join service_users u on u.support_id = a.support_id and u.user_id = a.label_recipient_user_id
      where a.id = any(cast(:apps as bigint[]))
        and exists (select 1 from registrations g join pack_models m on m.model = g.pack_model
                     where g.application_id = a.id and m.requires_label)`,
    q,
  );

  await queueNotifications(trx, appIds, 'application_received');
}
