import { FIELD_KEYS, REQUIRED_COLUMNS, type FieldKey } from '../domain/fields.js';
import { PackregError } from '../domain/PackregError.js';
import { reportColumnIndexes } from '../domain/reportColumns.js';
import { headerMeaning, type SavedAliases } from './headerAliases.js';
import type { FileWarning } from './types.js';

/** Where each key's value comes from in a data row. */
export interface ColumnMapping {
  /** The header cells echoed in reports, as written (trimmed): every one but packreg's own columns. */
  readonly headers: readonly string[];
  /** For each of `headers`, its column index in the file (0-based). */
  readonly echoed: readonly number[];
  /** key → column index in the file (0-based). */
  readonly fields: ReadonlyMap<FieldKey, number>;
  /** Option column pairs, by N ascending: model column, quantity column (−1 when absent). */
  readonly optionPairs: readonly { readonly n: number; readonly model: number; readonly qty: number }[];
  readonly columns: Readonly<Partial<Record<FieldKey, string>>>;
  readonly unknownColumns: readonly string[];
  readonly fileWarnings: readonly FileWarning[];
}

/** How many header cells of a row name a known column (SPEC §3: a header names at least 3). */
export function countKnownHeaders(cells: readonly string[], saved?: SavedAliases): number {
  return cells.filter((cell) => headerMeaning(cell, saved).kind !== 'unknown').length;
}

/**
 * Map a header row to keys (SPEC §3). Throws HEADER_DUPLICATE_COLUMN when two cells name the same
 * key or the same option pair half (`columns`: the keys, `headers`: the cells as written) and
 * HEADER_MISSING_COLUMNS naming the absent required keys. Unknown cells are kept and warned about
 * (blank header cells are neither: nothing to echo). The result columns of a packreg report and
 * the error column of a rejects file uploaded again are recognised and left out: not warned
 * about, not echoed (SPEC §6). `saved`: the reseller's saved header mapping, if any.
 */
export function mapHeader(cells: readonly string[], saved?: SavedAliases): ColumnMapping {
  const headers = cells.map((cell) => cell.trim());
  const ours = reportColumnIndexes(headers);
  const fields = new Map<FieldKey, number>();
  const pairs = new Map<number, { model: number; qty: number }>();
  const duplicates = new Map<FieldKey, string[]>();
  const unknownColumns: string[] = [];
  const duplicate = (key: FieldKey, first: number, again: number) => {
    const list = duplicates.get(key) ?? [headers[first]!];
    list.push(headers[again]!);
    duplicates.set(key, list);
  };

  headers.forEach((header, index) => {
    if (header === '' || ours.has(index)) return;
    const meaning = headerMeaning(header, saved);
    if (meaning.kind === 'field') {
      const seen = fields.get(meaning.key);
      if (seen === undefined) fields.set(meaning.key, index);
      else duplicate(meaning.key, seen, index);
    } else if (meaning.kind === 'optionModel' || meaning.kind === 'optionQty') {
      const pair = pairs.get(meaning.n) ?? { model: -1, qty: -1 };
      const half = meaning.kind === 'optionModel' ? 'model' : 'qty';
      if (pair[half] >= 0) duplicate('options', pair[half], index);
      else pair[half] = index;
      pairs.set(meaning.n, pair);
    } else {
      unknownColumns.push(header);
    }
  });

  if (duplicates.size > 0) {
    throw new PackregError('HEADER_DUPLICATE_COLUMN', {
      columns: [...duplicates.keys()],
      headers: [...duplicates.values()].flat(),
    });
  }
  const missing = REQUIRED_COLUMNS.filter((key) => !fields.has(key));
  if (missing.length > 0) throw new PackregError('HEADER_MISSING_COLUMNS', { columns: missing });

  const optionPairs = [...pairs.entries()].sort((a, b) => a[0] - b[0]).map(([n, p]) => ({ n, ...p }));
  const columns: Partial<Record<FieldKey, string>> = {};
  for (const key of FIELD_KEYS) {
    const index = fields.get(key);
    if (index !== undefined) columns[key] = headers[index]!;
  }
  if (optionPairs.length > 0) {
    const pairHeaders = optionPairs.flatMap((p) => [p.model, p.qty]).filter((i) => i >= 0).map((i) => headers[i]!);
    columns.options = [columns.options, ...pairHeaders].filter((h) => h !== undefined).join(', ');
  }
  const echoed = headers.map((_, i) => i).filter((i) => !ours.has(i));
  return {
    headers: echoed.map((i) => headers[i]!),
    echoed,
    fields,
    optionPairs,
    columns,
    unknownColumns,
    fileWarnings: unknownColumns.map((column) => ({ code: 'UNKNOWN_COLUMN', params: { column } })),
  };
}
