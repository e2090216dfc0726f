import type { Knex } from 'knex';
import { FIELD_KEYS, type FieldKey } from '../domain/fields.js';
import { PackregError } from '../domain/PackregError.js';
import { formatOptions } from '../rules/parseOptions.js';
import { lockApplication, type ActingScope, type LockedApplication } from './lockApplication.js';

/** A live registration about to be changed, with its values in upload-field form. */
export interface LockedRegistration {
  readonly application: LockedApplication;
  readonly id: string;
  readonly packModel: string;
  readonly serial: string;
  readonly requiresSite: boolean;
  readonly optionsAllowed: boolean;
  /** Every upload field as the import would have normalised it: what the row rules check. */
  readonly values: Record<FieldKey, string>;
}

/**
 * Lock an application and one of its registrations for a site or options change, refusing what
 * the portal refuses: an application under review (SPEC §1 step 5: 確認中は変更できません) and a
 * released registration (its application was rejected). The lock order — application, then
 * registration — is the one `reviewApplication` uses, so a change and a decision cannot deadlock.
 */
export async function lockRegistration(
  trx: Knex.Transaction,
  receiptNo: string,
  serial: string,
  scope: ActingScope,
): Promise<LockedRegistration> {
  const application = await lockApplication(trx, receiptNo, scope);
  if (application.status === 'under_review') throw new PackregError('APPLICATION_UNDER_REVIEW', { receiptNo });
  const row = await trx('registrations as g')
    .join('pack_models as m', 'm.model', 'g.pack_model')
    .where({ 'g.application_id': application.id, 'g.pack_serial': serial })
    .forUpdate('g')
    .first('g.*', 'm.requires_site', 'm.options_allowed');
  if (!row) throw new PackregError('NOT_FOUND', { kind: 'registration', id: `${receiptNo} / ${serial}` });
  if (row.released_at !== null) throw new PackregError('REGISTRATION_RELEASED', { receiptNo, serial });
  const options: Array<{ model: string; quantity: number }> = await trx('registration_options')
    .where({ registration_id: row.id }).select('option_model as model', 'quantity');
  // Sorted in JS, not by the database's collation: changeOptions compares this text with its own.
  options.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  const values = Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Record<FieldKey, string>;
  Object.assign(values, {
    support_id: row.support_id,
    pack_model: row.pack_model,
    pack_serial: row.pack_serial,
    product_model: row.product_model,
    product_serial: row.product_serial,
    service_start: String(row.service_start),
    service_end: String(row.service_end),
    site_name: row.site_name,
    site_postal_code: row.site_postal_code,
    site_address: row.site_address,
    site_building: row.site_building,
    site_phone: row.site_phone,
    options: formatOptions(options),
  });
  return {
    application,
    id: String(row.id),
    packModel: row.pack_model,
    serial: row.pack_serial,
    requiresSite: Boolean(row.requires_site),
    optionsAllowed: Boolean(row.options_allowed),
    values,
  };
}
