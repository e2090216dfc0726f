import type { Knex } from 'knex';
import { PackregError } from '../domain/PackregError.js';

/**
 * Take plan `planId` for import `importId`, or PLAN_USED when another import took it first: a
 * plan is committed once. Taking it again for the same import is fine (the HTTP commit takes it
 * when the request is accepted, then its import confirms).
 */
export async function claimPlan(knex: Knex, planId: string, importId: string): Promise<void> {
  const taken = await knex('import_plans')
    .where({ id: planId })
    .where((q) => q.whereNull('committed_by').orWhere({ committed_by: importId }))
    .update({ committed_by: importId, committed_at: knex.fn.now() });
  if (taken === 0) {
    const row = await knex('import_plans').where({ id: planId }).first('committed_by');
    throw new PackregError('PLAN_USED', { planId, importId: row?.committed_by ?? '' });
  }
}
