import type { Knex } from 'knex';

/** The drop-down lists of the upload template, each sorted. */
export interface TemplateLists {
  /** The reseller's own active support IDs (empty without a reseller). */
  readonly supportIds: readonly string[];
  readonly packModels: readonly string[];
  readonly productModels: readonly string[];
  /** User IDs of the administrators and deputies of the reseller's active support IDs. */
  readonly labelRecipients: readonly string[];
}

export type TemplateListName = keyof TemplateLists;

/**
 * What the template offers in its drop-downs (issue 20 item 7). Pack and product models are the
 * vendor's catalog, the same for everyone; support IDs and label recipients are the reseller's
 * own (its active contracts and their admins/deputies — SPEC §4 LABEL_RECIPIENT_ROLE), never
 * another reseller's. Without a reseller (`packreg template PATH` for an operator) those two are
 * empty and their columns get no drop-down.
 */
export async function loadTemplateLists(knex: Knex, resellerCode: string | null): Promise<TemplateLists> {
  const [packModels, productModels] = await Promise.all([
    knex('pack_models').orderBy('model').pluck('model') as Promise<string[]>,
    knex('products').orderBy('model').pluck('model') as Promise<string[]>,
  ]);
  if (resellerCode === null) return { supportIds: [], packModels, productModels, labelRecipients: [] };
  const supportIds: string[] = await knex('contracts')
    .where({ reseller_code: resellerCode, status: 'active' }).orderBy('support_id').pluck('support_id');
  const labelRecipients: string[] = await knex('service_users as u')
    .join('contracts as c', 'c.support_id', 'u.support_id')
    .where({ 'c.reseller_code': resellerCode, 'c.status': 'active' })
    .whereIn('u.role', ['admin', 'deputy'])
    .distinct('u.user_id').orderBy('u.user_id').pluck('u.user_id');
  return { supportIds, packModels, productModels, labelRecipients };
}
