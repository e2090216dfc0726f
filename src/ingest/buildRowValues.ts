import { FIELD_KEYS, type FieldKey } from '../domain/fields.js';
import { normaliseValue } from '../rules/normaliseValue.js';
import type { ColumnMapping } from './mapHeader.js';

/**
 * A data row's normalised values: every key present ('' when its column is absent or blank).
 * Option column pairs are merged into `options` as `MODEL*QTY` entries after any `options` cell
 * (a blank quantity is 1; a quantity without a model gives `*QTY`, which validation rejects).
 */
export function buildRowValues(
  mapping: ColumnMapping,
  cells: readonly string[],
  context: { readonly date1904: boolean },
): Record<FieldKey, string> {
  const cell = (index: number): string => (index >= 0 ? (cells[index] ?? '').trim() : '');
  // Keys are the fixed FIELD_KEYS (never header text), so a plain object is safe here.
  const values = {} as Record<FieldKey, string>;
  for (const key of FIELD_KEYS) {
    const index = mapping.fields.get(key);
    let raw = index === undefined ? '' : cell(index);
    if (key === 'options' && mapping.optionPairs.length > 0) raw = mergeOptionPairs(raw, mapping, cell);
    values[key] = normaliseValue(key, raw, context);
  }
  return values;
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
