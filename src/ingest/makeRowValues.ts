import { DATE_FIELDS, FIELD_KEYS, type FieldKey } from '../domain/fields.js';
import { normaliseValue } from '../rules/normaliseValue.js';
import type { ColumnMapping } from './mapHeader.js';

/** Distinct date cells a builder keeps (it starts again past this), each of at most so many characters. */
const MAX_KEPT_DATES = 4_096;
const MAX_KEPT_DATE_CHARS = 40;

/** A data row's cells → its normalised values (see `makeRowValues`). */
export type RowValues = (cells: readonly string[]) => Record<FieldKey, string>;

/**
 * The builder of a file's data rows' normalised values: every key present ('' when its column is
 * absent or blank). Option column pairs are merged into `options` as `MODEL*QTY` entries after any
 * `options` cell (a blank quantity is 1; a quantity without a model gives `*QTY`, which validation
 * rejects).
 *
 * The rows of one application repeat most of their cells (support ID, models, site, dates, label
 * recipient): a cell equal to the same column's cell in the row before takes that row's
 * normalised value — the same string, which pass 1's checks then recognise too (`checkRowAlone`).
 * `normaliseValue` is a function of the cell's text alone, so the value is the one it would give.
 */
export function makeRowValues(mapping: ColumnMapping, context: { readonly date1904: boolean }): RowValues {
  const indexes = FIELD_KEYS.map((key) => mapping.fields.get(key) ?? -1);
  const optionsAt = FIELD_KEYS.indexOf('options');
  const lastRaw: (string | undefined)[] = FIELD_KEYS.map(() => undefined);
  const lastValue: string[] = FIELD_KEYS.map(() => '');
  // A file names few dates, each on many rows, not always one after the other: they are kept
  // (one map for both date columns, which normalise alike).
  const isDate = FIELD_KEYS.map((key) => DATE_FIELDS.has(key));
  const dates = new Map<string, string>();
  const dateOf = (key: FieldKey, raw: string): string => {
    // A date is a short cell; a long one (junk, at most the cell limit) is not kept.
    if (raw.length > MAX_KEPT_DATE_CHARS) return normaliseValue(key, raw, context);
    let value = dates.get(raw);
    if (value === undefined) {
      if (dates.size >= MAX_KEPT_DATES) dates.clear();
      value = normaliseValue(key, raw, context);
      dates.set(raw, value);
    }
    return value;
  };
  return (cells) => {
    const cell = (index: number): string => (index >= 0 ? (cells[index] ?? '').trim() : '');
    // Keys are the fixed FIELD_KEYS (never header text), so a plain object is safe here.
    const values = {} as Record<FieldKey, string>;
    for (let k = 0; k < FIELD_KEYS.length; k += 1) {
      let raw = cell(indexes[k]!);
      if (k === optionsAt && mapping.optionPairs.length > 0) raw = mergeOptionPairs(raw, mapping, cell);
      if (raw !== lastRaw[k]) {
        lastRaw[k] = raw;
        lastValue[k] = isDate[k] ? dateOf(FIELD_KEYS[k]!, raw) : normaliseValue(FIELD_KEYS[k]!, raw, context);
      }
      values[FIELD_KEYS[k]!] = lastValue[k]!;
    }
    return values;
  };
}

function mergeOptionPairs(optionsCell: string, mapping: ColumnMapping, cell: (index: number) => string): string {
  const entries = optionsCell === '' ? [] : [optionsCell];
  for (const pair of mapping.optionPairs) {
    const model = cell(pair.model);
    const qty = cell(pair.qty);
    if (model === '' && qty === '') continue;
    entries.push(qty === '' ? model : `${model}*${qty}`);
  }
  return entries.join(';');
}
