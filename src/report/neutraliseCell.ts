/**
 * Characters that make a spreadsheet treat a typed or pasted cell as a formula (or, for tab, CR and
 * LF, let a CSV cell start a new field or line in front of one): ASCII = + - @ and their
 * full-width forms ＝＋－＠, which Japanese IMEs type and Excel accepts as formula starts too.
 * OWASP "CSV Injection".
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A value fit for a report cell: a number stays a number, anything else becomes text. */
export type PlainCell = string | number;

/**
 * The one place every report cell (CSV and XLSX, the reseller's echoed cells, our messages, the
 * template) goes through. Text that starts like a formula gets a leading apostrophe — Excel's own
 * "this is text" mark — so opening or editing the report can never run it; numbers stay numbers
 * (a negative count is a number cell, not text); null/undefined become ''. The result is always a
 * primitive, never an exceljs formula, hyperlink or rich-text object, whatever the input was.
 * Only reports are changed: the database keeps the text as the reseller wrote it.
 */
export function neutraliseCell(value: unknown): PlainCell {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** `neutraliseCell` for places that must have text (CSV fields, joined messages). */
export function neutraliseText(value: unknown): string {
  return String(neutraliseCell(value));
}
