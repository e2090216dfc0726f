/**
 * A PostgreSQL text[] literal for `= any(:ids::text[])`. knex expands a JS array bound in a raw
 * query into a list of parameters (`$1, $2, …`), which `any()` does not accept, and a long list
 * would run into the 65,535-parameter limit; one array parameter has neither problem.
 */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
