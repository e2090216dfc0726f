import type { Knex } from 'knex';
import type { PlanOptions } from './PlanOptions.js';

/**
 * Record what a finished dry run previewed (issue 20 item 6): the file, options and reseller. The
 * rows' outcomes are the dry run's own staged rows (`import_rows` of `importId`, which nothing
 * changes once the dry run is finished), read through `PLAN_OUTCOME_SQL` when a commit compares
 * against the plan: nothing is copied (copying a million rows cost 7 s of a 1M dry run). Called in
 * the transaction that finishes the dry run, so a plan exists only for a finished one. The one
 * writer of `import_plans` rows (`claimPlan` sets `committed_by`). Returns the plan id.
 */
export async function recordPlan(
  knex: Knex,
  importId: string,
  plan: { reseller: string; sha256: string; options: PlanOptions; rows: number },
): Promise<string> {
  const [row] = await knex('import_plans')
    .insert({ import_id: importId, reseller_code: plan.reseller, sha256: plan.sha256, options: JSON.stringify(plan.options), rows: plan.rows })
    .returning('id') as Array<{ id: string }>;
  return String(row!.id);
}
