import type { FieldKey } from '../domain/fields.js';
import { ROW_CODES, type RowCode } from '../domain/rowCodes.js';

/**
 * A finding built in SQL from the catalog: the code and its field are bound parameters
 * (`:code`, `:field`), never literals inside a statement, so every code a statement can write is
 * one of the catalog's (a typo is a compile error). `params` is the SQL expression of the
 * finding's params (jsonb). Yields a one-element jsonb array, to append to `errors`. A statement
 * that can write two codes names each pair of bindings with a `prefix` (`:conflictCode`, …).
 */
export function findingSql(params: string, prefix = ''): string {
  const name = (what: 'code' | 'field') => (prefix === '' ? what : `${prefix}${what[0]!.toUpperCase()}${what.slice(1)}`);
  return `jsonb_build_array(jsonb_build_object('code', cast(:${name('code')} as text), 'field', cast(:${name('field')} as text), 'params', ${params}))`;
}

/** The bindings `findingSql` needs for `code` (its catalog field unless `field` is given). */
export function findingBindings(code: RowCode, field: FieldKey | null = ROW_CODES[code].field, prefix = ''): Record<string, string | null> {
  return prefix === '' ? { code, field } : { [`${prefix}Code`]: code, [`${prefix}Field`]: field };
}
