import type { Knex } from 'knex';
import type { PlanOptions } from './PlanOptions.js';
import { PLAN_OUTCOME_SQL } from './planOutcomeSql.js';

/**
 * Record what a finished dry run previewed (issue 20 item 6): the file, options and reseller, and
 * every row's outcome, set-based from the results view (one statement, whatever the file's size).
 * The one writer of `import_plans` rows and `import_plan_rows`. Returns the plan id.
 */
export async function recordPlan(
  knex: Knex,
  importId: string,
  plan: { reseller: string; sha256: string; options: PlanOptions; rows: number },
): Promise<string> {
  // One statement: the plan and its rows (a dry run of a few rows should not pay two round trips).
  const { rows } = await knex.raw(
    `with plan as (
       insert into import_plans (import_id, reseller_code, sha256, options, rows)
       values (:id, :reseller, :sha256, :options, :rows) returning id),
     outcomes as (
       insert into import_plan_rows (plan_id, seq, sheet, row_number, status, codes, detail)
       select plan.id, r.seq, r.sheet, r.row_number, ${PLAN_OUTCOME_SQL}
         from plan, import_row_results r
        where r.import_id = :id)
     select id from plan`,
    { id: importId, reseller: plan.reseller, sha256: plan.sha256, options: JSON.stringify(plan.options), rows: plan.rows },
  ) as { rows: Array<{ id: string }> };
  return String(rows[0]!.id);
}
