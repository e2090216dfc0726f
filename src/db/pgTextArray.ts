/**
 * A PostgreSQL text[] literal for `= any(:ids::text[])`. knex expands a JS array bound in a raw
 * query into a list of parameters (`$1, $2, …`), which `any()` does not accept, and a long list
 * would run into the 65,535-parameter limit; one array parameter has neither problem.
 * PostgreSQL text cannot hold U+0000, and a cell may (a row that is TEXT_INVALID anyway): it is
 * sent as ␀ (U+2400), as the staged rows store it, instead of failing the whole query.
 */
import { storableText } from './copyText.js';

export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${ESCAPED.test(v) ? storableText(v).replace(ESCAPED_ALL, '\\$&') : v}"`).join(',')}}`;
}

/** What an element written in double quotes escapes with a backslash; U+0000 is checked with them (storableText). */
const ESCAPED = /[\\"\u0000]/;
const ESCAPED_ALL = /[\\"]/g;
