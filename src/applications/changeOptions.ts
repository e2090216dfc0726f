import type { Context } from '../context.js';
import type { Finding } from '../domain/Finding.js';
import { isError, rowFinding } from '../domain/rowCodes.js';
import { normaliseValue } from '../rules/normaliseValue.js';
import { formatOptions, mergeOptions, NO_OPTIONS, parseOptions } from '../rules/parseOptions.js';
import type { ChangeOutcome } from './ChangeOutcome.js';
import { checkChangedFields } from './checkChangedFields.js';
import type { ActingScope } from './lockApplication.js';
import { lockRegistration } from './lockRegistration.js';
import { actorOf, writeAudit } from './writeAudit.js';

export interface ChangeOptionsInput {
  readonly receiptNo: string;
  readonly serial: string;
  /** The whole new list, written like an upload's options cell (`A*2;B`); '' removes them all. */
  readonly options: string;
  readonly actor?: string;
}

/**
 * Replace one registration's option devices (the portal's オプション機器変更) with the given list,
 * held to the import's rules: the cell is normalised and parsed as the ingest does
 * (OPTIONS_FORMAT, OPTIONS_QUANTITY, TEXT_INVALID …), one model named twice is merged and its
 * total must stay within 1–99 (as pass 2 does), and a pack whose model takes no options gets
 * OPTIONS_NOT_ALLOWED. Refused under review and for a released registration; audited (old → new).
 */
export async function changeOptions(ctx: Context, input: ChangeOptionsInput, scope: ActingScope = {}): Promise<ChangeOutcome> {
  const at = ctx.clock.now();
  const actor = actorOf(ctx, input.actor, scope);
  const serial = normaliseValue('pack_serial', input.serial);
  return ctx.db.knex.transaction(async (trx) => {
    const reg = await lockRegistration(trx, input.receiptNo, serial, scope);
    const { values, findings } = checkChangedFields(reg.values, { options: input.options });
    const all: Finding[] = [...findings];
    const parsed = all.some((f) => isError(f.code)) ? null : parseOptions(values.options);
    const options = parsed?.ok ? mergeOptions(parsed.entries) : NO_OPTIONS;
    const tooMany = options.find((o) => o.quantity > 99);
    if (tooMany) all.push(rowFinding('OPTIONS_QUANTITY', { value: values.options, entry: `${tooMany.model}*${tooMany.quantity}` }));
    if (options.length > 0 && !reg.optionsAllowed) all.push(rowFinding('OPTIONS_NOT_ALLOWED', { value: values.options, packModel: reg.packModel }));

    const errors = all.filter((f) => isError(f.code));
    const warnings = all.filter((f) => !isError(f.code));
    const base = { receiptNo: reg.application.receiptNo, serial: reg.serial };
    if (errors.length > 0) return { status: 'rejected', ...base, errors, warnings };
    const next = formatOptions([...options].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)));
    if (next === reg.values.options) return { status: 'unchanged', ...base, before: {}, after: {}, warnings };

    await trx('registration_options').where({ registration_id: reg.id }).delete();
    if (options.length > 0) {
      await trx('registration_options').insert(options.map((o) => ({ registration_id: reg.id, option_model: o.model, quantity: o.quantity })));
    }
    const before = { options: reg.values.options };
    const after = { options: next };
    await writeAudit(trx, {
      at, actor, action: 'change_options', applicationId: reg.application.id, receiptNo: reg.application.receiptNo,
      packSerial: reg.serial, before, after,
    });
    return { status: 'changed', ...base, before, after, warnings };
  });
}

