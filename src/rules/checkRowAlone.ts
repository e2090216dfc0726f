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
 * One check of a field: the row code it fails with (or, for the options cell, a function of the
 * value that names it), and the test a value passes. Declared once; the zod schema below is built
 * from these, and `passesEveryCheck` runs the same tests in the same order.
 */
interface FieldCheck {
  readonly code: RowCode | ((value: string) => RowCode);
  readonly test: (value: string) => boolean;
}

const optional = (test: (s: string) => boolean) => (s: string) => s === '' || test(s);
const isDate = (s: string): boolean => dayNumber(s) !== null;

/**
 * Every mapped field starts with the same two checks, in this order: a control character makes
 * any further reading of the value meaningless, and an over-long value is not worth formatting.
 * Only the first failed check of a field is reported (`abort` in the schema).
 */
function checksOf(field: FieldKey, ...own: FieldCheck[]): readonly FieldCheck[] {
  const control = controlPattern(field);
  return [
    { code: 'TEXT_INVALID', test: (s) => !control.test(s) },
    { code: 'TEXT_TOO_LONG', test: (s) => !tooLong(s) },
    ...(REQUIRED_COLUMNS.includes(field) ? [{ code: 'REQUIRED', test: (s: string) => s.length > 0 } as const] : []),
    ...own,
  ];
}

/**
 * Pass 1's checks: what a row must satisfy on its own (SPEC §3 rules column, §4 codes). Each
 * finding's params are built afterwards from the value (see `paramsFor`). Deliberately absent:
 * - conditional REQUIRED (product serial, site, label recipient) depends on the pack model: pass 2
 *   and pass 3 (the label recipient may be inherited from another row of the application);
 * - model syntax (letters, digits, '-'): SPEC has no format code for models, and a malformed pack
 *   or product model can only end as PACK_MODEL_UNKNOWN or PRODUCT_UNKNOWN in pass 2;
 * - serials and user IDs have no syntax of their own: pass 2 looks them up.
 */
const FIELD_CHECKS: Readonly<Record<FieldKey, readonly FieldCheck[]>> = {
  support_id: checksOf('support_id', { code: 'SUPPORT_ID_FORMAT', test: (s) => SUPPORT_ID.test(s) }),
  pack_model: checksOf('pack_model'),
  pack_serial: checksOf('pack_serial'),
  product_model: checksOf('product_model'),
  product_serial: checksOf('product_serial'),
  service_start: checksOf('service_start', { code: 'DATE_FORMAT', test: isDate }),
  service_end: checksOf('service_end', { code: 'DATE_FORMAT', test: optional(isDate) }),
  site_name: checksOf('site_name'),
  site_postal_code: checksOf('site_postal_code', { code: 'POSTAL_CODE_FORMAT', test: optional((s) => POSTAL_CODE.test(s)) }),
  site_address: checksOf('site_address', { code: 'ADDRESS_NO_NUMBER', test: optional(hasStreetNumber) }),
  site_building: checksOf('site_building'),
  site_phone: checksOf('site_phone', { code: 'PHONE_FORMAT', test: optional((s) => PHONE_DIGITS.test(s.replace(PHONE_PUNCTUATION, ''))) }),
  options: checksOf('options', { code: optionsCode, test: (s) => parseOptions(s).ok }),
  label_recipient: checksOf('label_recipient'),
  remarks: checksOf('remarks'),
};

/** The row schema, from the checks: a string per field, each check a refinement that ends the field's checks. */
const RowSchema = z.object(Object.fromEntries(FIELD_KEYS.map((field) => [
  field,
  z.string().check(...FIELD_CHECKS[field].map(({ code, test }) => z.refine<string>(test, {
    error: typeof code === 'string' ? code : (issue) => code(issue.input as string),
    abort: true,
  }))),
])) as Record<FieldKey, z.ZodMiniString>);

/**
 * Whether every field is a string that passes every check: the schema's success, without the
 * schema's bookkeeping (a result per field and a new object per row: 2.7 KB of garbage per row,
 * BENCHMARKS.md). Most rows pass; a row that does not is parsed by the schema for its findings.
 */
function passesEveryCheck(values: Readonly<Record<string, unknown>>): boolean {
  for (let k = 0; k < FIELD_KEYS.length; k += 1) {
    const field = FIELD_KEYS[k]!;
    const value = values[field];
    if (typeof value !== 'string') return false;
    if (value === lastPassed[k]) continue;
    for (const check of FIELD_CHECKS[field]) if (!check.test(value)) return false;
    lastPassed[k] = value;
  }
  return true;
}

/**
 * Each field's last value that passed its checks. The checks are functions of the value alone,
 * and an application's rows repeat most values (the ingest hands out the very same string for a
 * cell equal to the row before's: `makeRowValues`), so a repeat passes without being tested again.
 */
const lastPassed: (string | undefined)[] = FIELD_KEYS.map(() => undefined);

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
  return passesEveryCheck(row.values) ? [] : findingsBySchema(row);
}

/**
 * The schema's findings for any row, valid or not: `checkRowAlone` without its shortcut for rows
 * that pass every check (exported for the test that holds the two to the same answer).
 */
export function findingsBySchema(row: IngestedRow): Finding[] {
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
