import type { FieldKey } from '../domain/fields.js';
import { ROW_CODES, type RowCode } from '../domain/rowCodes.js';

/**
 * A finding built in SQL from the catalog: the code and its field are bound parameters
 * (`:code`, `:field`), never literals inside a statement, so every code a statement can write is
 * one of the catalog's (a typo is a compile error). `params` is the SQL expression of the
 * finding's params (jsonb). Yields a one-element jsonb array, to append to `errors`.
 */
export function findingSql(params: string): string {
  return `jsonb_build_array(jsonb_build_object('code', cast(:code as text), 'field', cast(:field as text), 'params', ${params}))`;
}

/** The bindings `findingSql` needs for `code` (its catalog field unless `field` is given). */
export function findingBindings(code: RowCode, field: FieldKey | null = ROW_CODES[code].field): { code: string; field: string | null } {
  return { code, field };
}
