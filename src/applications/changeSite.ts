import type { Context } from '../context.js';
import type { FieldKey } from '../domain/fields.js';
import type { Finding } from '../domain/Finding.js';
import { isError, rowFinding } from '../domain/rowCodes.js';
import { normaliseValue } from '../rules/normaliseValue.js';
import type { ChangeOutcome } from './ChangeOutcome.js';
import { checkChangedFields } from './checkChangedFields.js';
import type { ActingScope } from './lockApplication.js';
import { lockRegistration } from './lockRegistration.js';
import { actorOf, writeAudit } from './writeAudit.js';

/** The installation site (設置場所) fields; an absent one is left as it is, '' clears it. */
export interface SiteChange {
  readonly name?: string;
  readonly postalCode?: string;
  readonly address?: string;
  readonly building?: string;
  readonly phone?: string;
}

export interface ChangeSiteInput {
  readonly receiptNo: string;
  /** The pack serial (製品シリアルNo.), normalised like an upload's. */
  readonly serial: string;
  readonly site: SiteChange;
  readonly actor?: string;
}

/** Site keys of the API and the upload field each one is. */
export const SITE_FIELDS: ReadonlyArray<readonly [keyof SiteChange, FieldKey]> = [
  ['name', 'site_name'],
  ['postalCode', 'site_postal_code'],
  ['address', 'site_address'],
  ['building', 'site_building'],
  ['phone', 'site_phone'],
];

/**
 * Change one registration's installation site (the portal's 設置場所の変更), held to the import's
 * rules: values normalised like the ingest's (postal code → `123-4567`, free text kept as
 * written), then pass 1's formats (POSTAL_CODE_FORMAT, PHONE_FORMAT, TEXT_INVALID, TEXT_TOO_LONG,
 * warning ADDRESS_NO_NUMBER) and pass 2's REQUIRED for a pack that requires a site. Refused while
 * the application is under review and for a released registration (`lockRegistration`). A real
 * change is written with an audit row (old → new) in one transaction.
 */
export async function changeSite(ctx: Context, input: ChangeSiteInput, scope: ActingScope = {}): Promise<ChangeOutcome> {
  const at = ctx.clock.now();
  const actor = actorOf(ctx, input.actor, scope);
  const serial = normaliseValue('pack_serial', input.serial);
  return ctx.db.knex.transaction(async (trx) => {
    const reg = await lockRegistration(trx, input.receiptNo, serial, scope);
    const given: Partial<Record<FieldKey, string>> = {};
    for (const [key, field] of SITE_FIELDS) {
      const value = input.site[key];
      if (value !== undefined) given[field] = value;
    }
    const { values, changed, findings } = checkChangedFields(reg.values, given);
    const all: Finding[] = [...findings];
    if (reg.requiresSite) {
      for (const field of ['site_postal_code', 'site_address'] as const) {
        if (field in given && values[field] === '') all.push(rowFinding('REQUIRED', { packModel: reg.packModel }, field));
      }
    }
    const errors = all.filter((f) => isError(f.code));
    const warnings = all.filter((f) => !isError(f.code));
    const base = { receiptNo: reg.application.receiptNo, serial: reg.serial };
    if (errors.length > 0) return { status: 'rejected', ...base, errors, warnings };
    if (changed.length === 0) return { status: 'unchanged', ...base, before: {}, after: {}, warnings };

    const before = Object.fromEntries(changed.map((f) => [f, reg.values[f]]));
    const after = Object.fromEntries(changed.map((f) => [f, values[f]]));
    await trx('registrations').where({ id: reg.id }).update(after);
    await writeAudit(trx, {
      at, actor, action: 'change_site', applicationId: reg.application.id, receiptNo: reg.application.receiptNo,
      packSerial: reg.serial, before, after,
    });
    return { status: 'changed', ...base, before, after, warnings };
  });
}
