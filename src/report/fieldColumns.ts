import type { FieldKey } from '../domain/fields.js';
import { headerMeaning, normaliseHeader } from '../ingest/headerAliases.js';

/**
 * Which of the reseller's columns (0-based indexes into `FileFacts.headers`) hold each field, so
 * a finding's `field` can be pointed at the cell the reseller typed. Computed with the same header
 * rules the ingest used; `options` may be the options column and every option model/quantity
 * pair. A field with no column (a conditional column left out of the file) has no entry.
 * `savedAliases`: the reseller's saved headers the file used (`FileFacts.savedAliases`).
 */
export function fieldColumns(headers: readonly string[], savedAliases?: Readonly<Record<string, FieldKey>>): ReadonlyMap<FieldKey, readonly number[]> {
  const saved = new Map(Object.entries(savedAliases ?? {}).map(([header, key]) => [normaliseHeader(header), key]));
  const map = new Map<FieldKey, number[]>();
  const add = (key: FieldKey, index: number) => map.set(key, [...(map.get(key) ?? []), index]);
  headers.forEach((header, index) => {
    if (header.trim() === '') return;
    const meaning = headerMeaning(header, saved);
    if (meaning.kind === 'field') add(meaning.key, index);
    else if (meaning.kind === 'optionModel' || meaning.kind === 'optionQty') add('options', index);
  });
  return map;
}
