import type { Knex } from 'knex';
import { PackregError } from '../domain/PackregError.js';
import { planOptionsOf, type Plan, type PlanOptions } from './PlanOptions.js';
import { isImportId } from '../server/loadImportStatus.js';

/**
 * One of `resellerCode`'s plans, by plan id (`import --plan`) or by the dry run's import id
 * (`POST /v1/imports/:id/commit`). Another reseller's plan is NOT_FOUND, like a missing one.
 */
export async function loadPlan(knex: Knex, by: { planId: string } | { importId: string }, resellerCode: string): Promise<Plan> {
  const id = 'planId' in by ? by.planId : by.importId;
  const notFound = () => new PackregError('NOT_FOUND', { kind: 'planId' in by ? 'plan' : 'import', id });
  if (!isImportId(id)) throw notFound();
  const row = await knex('import_plans')
    .where({ reseller_code: resellerCode, ...('planId' in by ? { id } : { import_id: id }) })
    .first('id', 'import_id', 'reseller_code', 'sha256', 'options', 'committed_by');
  if (!row) throw notFound();
  return {
    id: String(row.id),
    importId: String(row.import_id),
    reseller: String(row.reseller_code),
    sha256: String(row.sha256).trim(),
    options: planOptionsOf(row.options as PlanOptions),
    committedBy: row.committed_by ? String(row.committed_by) : null,
  };
}

/** PLAN_MISMATCH when the commit's options are not the preview's (nothing has been committed). */
export function checkPlanOptions(plan: Plan, options: PlanOptions): void {
  for (const key of ['atomicity', 'sheet', 'encoding'] as const) {
    if ((plan.options[key] ?? null) !== (options[key] ?? null)) {
      throw new PackregError('PLAN_MISMATCH', { what: 'options', option: key, expected: plan.options[key] ?? '', actual: options[key] ?? '' });
    }
  }
}

/** PLAN_MISMATCH when the file is not the previewed one. */
export function checkPlanFile(plan: Plan, sha256: string): void {
  if (plan.sha256 !== sha256) throw new PackregError('PLAN_MISMATCH', { what: 'file', expected: plan.sha256, actual: sha256 });
}
