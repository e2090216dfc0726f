import type { Knex } from 'knex';
import { PackregError } from '../domain/PackregError.js';
import type { Plan } from './PlanOptions.js';
import { PLAN_OUTCOME_SQL } from './planOutcomeSql.js';

/** Rows listed in a PLAN_CHANGED error (the count says how many changed in all). */
const LISTED = 100;
/** Rows named in the message itself. */
const IN_MESSAGE = 10;

export interface PlanChange {
  readonly sheet: string | null;
  readonly row: number;
  readonly before: { status: string; codes: string[] } | null;
  readonly after: { status: string; codes: string[] } | null;
}

/**
 * Compare the outcome every row of import `importId` would have now (staged and checked, not yet
 * committed: the statuses a dry run reports) with what `plan` previewed (its dry run's staged
 * rows, through the same `PLAN_OUTCOME_SQL`); PLAN_CHANGED,
 * listing the rows whose outcome changed, when any did (issue 20 item 6). One set-based query;
 * must run before atomicity and commit, so a refused plan commits nothing.
 */
export async function checkPlanOutcomes(knex: Knex, plan: Pick<Plan, 'id' | 'importId'>, importId: string): Promise<void> {
  // Both sides the same query of the same view, so "the same outcome" is spelt once.
  const outcomes = (binding: string) =>
    `select r.seq, r.sheet, r.row_number, ${PLAN_OUTCOME_SQL} from import_row_results r where r.import_id = :${binding}`;
  const result = await knex.raw(
    `with now as (${outcomes('id')}),
          was as (${outcomes('previewed')})
     select coalesce(n.sheet, w.sheet) as sheet, coalesce(n.row_number, w.row_number) as row_number,
            w.status as before_status, w.codes as before_codes, n.status as after_status, n.codes as after_codes,
            count(*) over () as total
       from now n full join was w on w.seq = n.seq
      where n.seq is null or w.seq is null or (n.status, n.codes, n.detail) is distinct from (w.status, w.codes, w.detail)
      order by coalesce(n.seq, w.seq)
      limit ${LISTED}`,
    { id: importId, previewed: plan.importId },
  );
  const rows = result.rows as Array<Record<string, string | number | null>>;
  if (rows.length === 0) return;
  const side = (status: unknown, codes: unknown) => (status === null ? null : { status: String(status), codes: codes ? String(codes).split(',') : [] });
  const changes: PlanChange[] = rows.map((r) => ({
    sheet: r.sheet === null ? null : String(r.sheet),
    row: Number(r.row_number),
    before: side(r.before_status, r.before_codes),
    after: side(r.after_status, r.after_codes),
  }));
  const word = (s: PlanChange['before']) => (s ? `${s.status}${s.codes.length > 0 ? ` (${s.codes.join(' ')})` : ''}` : '-');
  throw new PackregError('PLAN_CHANGED', {
    planId: plan.id,
    count: Number(rows[0]!.total),
    listed: changes.slice(0, IN_MESSAGE).map((c) => `${c.row}: ${word(c.before)} → ${word(c.after)}`),
    changes,
  });
}
