import { DATE_FIELDS, FREE_TEXT_FIELDS, type FieldKey } from '../domain/fields.js';
import { parseDate } from './parseDate.js';
import { formatOptions, parseOptions } from './parseOptions.js';

export interface NormaliseContext {
  /** The workbook counts bare date serials from 1904 (XLSX `date1904`); false for CSV. */
  readonly date1904?: boolean;
}

/**
 * Dash look-alikes that people (and IMEs) type in codes: ‐ ‑ ‒ – — ― (U+2010–2015), − minus,
 * ⁃, ﹣, katakana ー and half-width ｰ, full-width －. NFKC already turns － and ﹣ into '-' and
 * ｰ into ー; the rest survive NFKC and are folded here. ー right after kana is the long-vowel
 * mark of a word (キーボード), not a dash: it is kept, so a code typed in words is echoed as
 * written when validation rejects it.
 */
const DASHES = /[\u2010-\u2015\u2043\u2212\uFF70\uFF0D\uFE63]|(?<![\u3041-\u309F\u30A1-\u30FC])\u30FC/g;
const SPACES = /[\s\u3000]+/g;
// Printable ASCII: NFKC and the dash folding leave it as it is (most codes are this).
const PLAIN_ASCII = /^[\x21-\x7e]*$/;
const UPPER_CASED: ReadonlySet<FieldKey> = new Set(['pack_model', 'pack_serial', 'product_model', 'product_serial']);

/**
 * Normalise one mapped cell per SPEC §3. Every cell is trimmed (String.prototype.trim covers
 * U+3000); free text keeps its characters (①, ㈱, 髙); codes are NFKC'd, dash look-alikes become
 * '-', inner white space goes, models and serials are upper-cased; postal codes lose a leading 〒
 * and 7 digits become `123-4567`; dates become `YYYY-MM-DD` when they parse; option lists become
 * `MODEL*QTY;…` when they parse. A value that cannot be normalised is returned trimmed (dates) or
 * NFKC'd (codes) so validation can name it.
 */
export function normaliseValue(key: FieldKey, raw: string, context: NormaliseContext = {}): string {
  const text = raw.trim();
  if (text === '' || FREE_TEXT_FIELDS.has(key)) return text;
  if (DATE_FIELDS.has(key)) return parseDate(text, { date1904: context.date1904 ?? false }) ?? text;
  const nfkc = PLAIN_ASCII.test(text) ? text : text.normalize('NFKC').replace(DASHES, '-').trim();
  if (key === 'options') return normaliseOptions(nfkc);
  const code = nfkc.replace(SPACES, '');
  if (UPPER_CASED.has(key)) return code.toUpperCase();
  if (key === 'site_postal_code') return normalisePostalCode(code);
  return code;
}

function normaliseOptions(text: string): string {
  const parsed = parseOptions(text);
  return parsed.ok ? formatOptions(parsed.entries) : text;
}

function normalisePostalCode(code: string): string {
  const withoutMark = code.replace(/^〒/, '');
  const m = /^(\d{3})-?(\d{4})$/.exec(withoutMark);
  return m ? `${m[1]}-${m[2]}` : withoutMark;
}
