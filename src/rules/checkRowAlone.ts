// zod's mini build: the same engine without the chained-method classes and the 40 bundled locales
// (messages here are row codes of our own), ≈ 8 ms to load instead of ≈ 90 ms (BENCHMARKS.md).
import * as z from 'zod/mini';
import { FIELD_KEYS, FREE_TEXT_FIELDS, REQUIRED_COLUMNS, type FieldKey } from '../domain/fields.js';
import type { Finding } from '../domain/Finding.js';
import { isRowCode, rowFinding, type RowCode } from '../domain/rowCodes.js';
import type { IngestedRow } from '../ingest/types.js';
import { dayNumber } from './dayNumber.js';
import { hasStreetNumber } from './hasStreetNumber.js';
import { parseOptions } from './parseOptions.js';

/** SPEC §4: TEXT_TOO_LONG is "over 200 characters" — counted in code points, as a person counts. */
const MAX_CHARS = 200;

// Control characters (C0, DEL, C1) and lone surrogates, which no database encoding can store.
// Tab, CR and LF are allowed in free text (SPEC §3); the options cell also allows CR/LF, because
// SPEC §3 makes a line break an entry separator there. Tab stays invalid in options.
const CONTROL_IN_CODE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_IN_OPTIONS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const SUPPORT_ID = /^3\d{8}$/;
// The ingest (normaliseValue) turns any 7 digits, with or without 〒 and hyphen, into `123-4567`,
// the stored form; anything else here was not 7 digits.
const POSTAL_CODE = /^\d{3}-\d{4}$/;
const PHONE_DIGITS = /^\d{10,11}$/;
const PHONE_PUNCTUATION = /[-\s()]/g;

const controlPattern = (field: FieldKey): RegExp =>
  FREE_TEXT_FIELDS.has(field) ? CONTROL_IN_TEXT : field === 'options' ? CONTROL_IN_OPTIONS : CONTROL_IN_CODE;

const codePoints = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};
// Most cells are short: only count code points when UTF-16 length could be over the limit.
const tooLong = (text: string): boolean => text.length > MAX_CHARS && codePoints(text) > MAX_CHARS;

/**
 * Every mapped field starts with the same two checks, in this order: a control character makes
 * any further reading of the value meaningless, and an over-long value is not worth formatting.
 * `abort` keeps it to one finding per field: the first failed check ends that field's checks.
 * Returns the field's schema given the checks of its own that follow (`textField('x')(…)`).
 */
function textField(field: FieldKey) {
  const control = controlPattern(field);
  return (...checks: Array<z.core.$ZodCheck<string>>) => z.string().check(
    z.refine((s: string) => !control.test(s), { error: 'TEXT_INVALID', abort: true }),
    z.refine((s: string) => !tooLong(s), { error: 'TEXT_TOO_LONG', abort: true }),
    ...(REQUIRED_COLUMNS.includes(field) ? [z.minLength(1, { error: 'REQUIRED', abort: true })] : []),
    ...checks,
  );
}

const optional = (test: (s: string) => boolean) => (s: string) => s === '' || test(s);
const isDate = (s: string): boolean => dayNumber(s) !== null;

/**
 * Pass 1's schema: what a row must satisfy on its own (SPEC §3 rules column, §4 codes). Each
 * issue's message is the row code; params are built afterwards from the value (see `paramsFor`),
 * so the schema stays declarative. Deliberately absent:
 * - conditional REQUIRED (product serial, site, label recipient) depends on the pack model: pass 2
 *   and pass 3 (the label recipient may be inherited from another row of the application);
 * - model syntax (letters, digits, '-'): SPEC has no format code for models, and a malformed pack
 *   or product model can only end as PACK_MODEL_UNKNOWN or PRODUCT_UNKNOWN in pass 2;
 * - serials and user IDs have no syntax of their own: pass 2 looks them up.
 */
const RowSchema = z.object({
  support_id: textField('support_id')(z.regex(SUPPORT_ID, { error: 'SUPPORT_ID_FORMAT', abort: true })),
  pack_model: textField('pack_model')(),
  pack_serial: textField('pack_serial')(),
  product_model: textField('product_model')(),
  product_serial: textField('product_serial')(),
  service_start: textField('service_start')(z.refine(isDate, { error: 'DATE_FORMAT', abort: true })),
  service_end: textField('service_end')(z.refine(optional(isDate), { error: 'DATE_FORMAT', abort: true })),
  site_name: textField('site_name')(),
  site_postal_code: textField('site_postal_code')(z.refine(optional((s) => POSTAL_CODE.test(s)), { error: 'POSTAL_CODE_FORMAT', abort: true })),
  site_address: textField('site_address')(z.refine(optional(hasStreetNumber), { error: 'ADDRESS_NO_NUMBER', abort: true })),
  site_building: textField('site_building')(),
  site_phone: textField('site_phone')(z.refine(optional((s) => PHONE_DIGITS.test(s.replace(PHONE_PUNCTUATION, ''))), {
    error: 'PHONE_FORMAT',
    abort: true,
  })),
  // A refinement, not a superRefine (whose context object per row cost more than the parse): the
  // code is read again from the parse when the check fails, the entry by paramsFor.
  options: textField('options')(z.refine((s: string) => parseOptions(s).ok, {
    error: (issue) => optionsCode(issue.input as string),
    abort: true,
  })),
  label_recipient: textField('label_recipient')(),
  remarks: textField('remarks')(),
} satisfies Record<FieldKey, z.ZodMiniType<string>>);

function optionsCode(text: string): RowCode {
  const parsed = parseOptions(text);
  return parsed.ok ? 'OPTIONS_FORMAT' : parsed.code;
}

/** The params a code's message needs, from the field's value (or the issue's own params). */
function paramsFor(code: RowCode, field: FieldKey, value: string, issueParams: unknown): Record<string, unknown> {
  switch (code) {
    case 'REQUIRED':
      return {};
    case 'TEXT_INVALID': {
      const at = controlPattern(field).exec(value)?.index ?? 0;
      const char = value.charCodeAt(at);
      return { value, char: `U+${char.toString(16).toUpperCase().padStart(4, '0')}`, position: codePoints(value.slice(0, at)) + 1 };
    }
    case 'TEXT_TOO_LONG':
      return { value, length: codePoints(value), max: MAX_CHARS };
    case 'OPTIONS_FORMAT':
    case 'OPTIONS_QUANTITY': {
      // The entry at fault, not the whole cell.
      const parsed = parseOptions(value);
      return { value: parsed.ok ? value : parsed.entry };
    }
    default:
      return { value, ...(issueParams as Record<string, unknown> | undefined) };
  }
}

/**
 * Pass 1: the row alone (SPEC §4). Returns the row's findings, errors and warnings, in field
 * order, at most one per field; never throws. Values are the ingest's normalised values.
 */
export function checkRowAlone(row: IngestedRow): Finding[] {
  const result = RowSchema.safeParse(row.values);
  if (result.success) return [];
  const byField = new Map<FieldKey, Finding>();
  for (const issue of result.error.issues) {
    const field = issue.path[0] as FieldKey;
    if (byField.has(field)) continue;
    const value = row.values[field] ?? '';
    // A key the ingest did not provide fails z.string(): it is blank, so only a required field cares.
    if (!isRowCode(issue.message)) {
      if (REQUIRED_COLUMNS.includes(field)) byField.set(field, rowFinding('REQUIRED', {}, field));
      continue;
    }
    const params = paramsFor(issue.message, field, value, 'params' in issue ? issue.params : undefined);
    byField.set(field, rowFinding(issue.message, params, field));
  }
  return FIELD_KEYS.flatMap((field) => {
    const finding = byField.get(field);
    return finding ? [finding] : [];
  });
}
