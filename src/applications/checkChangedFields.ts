import type { FieldKey } from '../domain/fields.js';
import type { Finding } from '../domain/Finding.js';
import { checkRowAlone } from '../rules/checkRowAlone.js';
import { normaliseValue } from '../rules/normaliseValue.js';

export interface CheckedChange {
  /** The registration's values with the changes applied, normalised. */
  readonly values: Record<FieldKey, string>;
  /** Only the changed fields that differ from what is stored. */
  readonly changed: ReadonlyArray<FieldKey>;
  /** Pass 1 findings (errors and warnings) on the given fields, in field order. */
  readonly findings: readonly Finding[];
}

/**
 * Normalise the given raw values exactly as the ingest does and run the import's pass 1
 * (`checkRowAlone`) on the registration as it would look after the change, so a change is held
 * to the same rules — and reported with the same codes and messages — as an upload. Findings on
 * fields that were not given are dropped: the stored values passed the import already.
 */
export function checkChangedFields(current: Readonly<Record<FieldKey, string>>, given: Partial<Record<FieldKey, string>>): CheckedChange {
  const values = { ...current };
  const keys = Object.keys(given) as FieldKey[];
  for (const key of keys) values[key] = normaliseValue(key, given[key] ?? '');
  const findings = checkRowAlone({ sheet: null, row: 0, values, cells: [] }).filter((f) => f.field !== null && keys.includes(f.field));
  return { values, changed: keys.filter((k) => values[k] !== current[k]), findings };
}
