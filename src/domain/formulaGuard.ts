/**
 * The one formula-guard rule (SPEC §6, OWASP "CSV injection"), used by every writer of cells a
 * spreadsheet may open — the CSV, XLSX and rejects reports, the template, the label CSV — and by
 * the ingest, which recognises the CSV guard on a re-uploaded report. Written once: the label CSV's
 * own copy had drifted (it missed LF; issue 15).
 *
 * Text "starts like a formula" when, after any run of characters a reader may skip or not show —
 * white space, NBSP, U+3000, zero-width characters, a BOM — it starts with `=`, `+`, `-`, `@` or
 * one of their full-width (＝＋－＠) or small (﹦﹢﹣﹫) forms, which Japanese IMEs type and
 * office suites may fold; or when that run holds a tab, CR or LF (a CSV cell can start a new
 * field or line in front of one).
 */
const SKIPPED_LEAD = /^[\s\u00A0\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u3000\uFEFF]*/;
const BREAKS = /[\t\r\n]/;
const FORMULA_CHARS = new Set(['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\uFE66', '\uFE62', '\uFE63', '\uFE6B']);

export function startsLikeFormula(text: string): boolean {
  if (text.length === 0 || plainStart(text.charCodeAt(0))) return false;
  const lead = SKIPPED_LEAD.exec(text)![0];
  if (BREAKS.test(lead)) return true;
  return FORMULA_CHARS.has(text.charAt(lead.length));
}

/**
 * A first character that is neither one the rule skips nor one a formula starts with — an ASCII
 * letter or digit, or U+3001–U+FDFF (kana, kanji, CJK punctuation and full-width forms below the
 * formula look-alikes) — as most cells start: the rule need look no further (every report calls
 * it for every cell; the regular expressions were 1.6 of a 1M-row CSV report's 15 CPU-s).
 */
function plainStart(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a) || (code > 0x3000 && code < 0xfe00);
}

/**
 * The mark a CSV cell gets: Excel's own "this is text" apostrophe in front. XLSX cells never get
 * it — they keep their text and carry Excel's quote-prefix style instead (`addPlainRow`).
 */
export const CSV_GUARD = "'";

/**
 * A CSV field's text, guarded when it starts like a formula — also behind apostrophes of its own,
 * so that `removeCsvGuard` can tell the guard from a reseller's apostrophe: `'=1` as typed comes
 * back as `''=1` and reads again as `'=1`.
 */
export function guardCsvText(text: string): string {
  if (text.length === 0 || plainStart(text.charCodeAt(0))) return text;
  return startsLikeFormula(withoutApostrophes(text)) ? `${CSV_GUARD}${text}` : text;
}

/**
 * The original text of a CSV cell read back from a file packreg may have written (a CSV report
 * uploaded again): one apostrophe in front of text that starts like a formula is the guard, never
 * data — Excel itself treats a typed `'` as the quote prefix, not as part of the value — so the
 * round trip report → fix → upload stores exactly what the reseller first wrote (issue 17). XLSX
 * cells are never guarded with an apostrophe (they carry the quote-prefix style), so their text
 * is taken as it is.
 */
export function removeCsvGuard(text: string): string {
  return text.startsWith(CSV_GUARD) && startsLikeFormula(withoutApostrophes(text)) ? text.slice(1) : text;
}

const withoutApostrophes = (text: string): string => text.replace(/^'+/, '');
