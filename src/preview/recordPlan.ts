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
  const [row] = await knex('import_plans')
    .insert({ import_id: importId, reseller_code: plan.reseller, sha256: plan.sha256, options: JSON.stringify(plan.options), rows: plan.rows })
    .returning('id');
  const planId = String((row as { id: string }).id);
  await knex.raw(
    `insert into import_plan_rows (plan_id, seq, sheet, row_number, status, codes, detail)
     select :plan, r.seq, r.sheet, r.row_number, ${PLAN_OUTCOME_SQL}
       from import_row_results r
      where r.import_id = :id`,
    { plan: planId, id: importId },
  );
  return planId;
}
