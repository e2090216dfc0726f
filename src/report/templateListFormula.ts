/** Excel's limit on an inline list (a data validation's `formula1` between quotes), in characters. */
export const INLINE_LIST_MAX = 255;

/**
 * The `formula1` of a list drop-down: the items inline (`"A,B,C"`) while they fit Excel's
 * 255-character limit and none holds a comma or a quote (which an inline list cannot escape);
 * otherwise null, and the caller refers to a range of a hidden sheet instead. Excel refuses to
 * open (repairs) a workbook whose inline list is longer.
 */
export function inlineListFormula(items: readonly string[]): string | null {
  if (items.some((item) => /[,"]/.test(item))) return null;
  const joined = items.join(',');
  return joined.length <= INLINE_LIST_MAX ? `"${joined}"` : null;
}

/** `lists!$B$1:$B$120`: the range of a list kept in column `column` (1-based) of the hidden sheet. */
export function listRangeFormula(sheet: string, column: number, length: number): string {
  const letter = columnLetter(column);
  return `${sheet}!$${letter}$1:$${letter}$${length}`;
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
