const SPECIAL = /[\\\t\n\r\0]/;
const SPECIALS = /[\\\t\n\r\0]/g;

/** U+0000, which no PostgreSQL text can hold, as packreg stores it: ␀ (U+2400). */
export function storableText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\u2400') : value;
}

/**
 * One value in PostgreSQL's COPY text format: `\N` for NULL, `t`/`f` for booleans, and the four
 * characters the format reserves (backslash, tab, newline, carriage return) escaped. U+0000, which
 * no PostgreSQL text can hold, is stored as ␀ (U+2400).
 */
export function copyText(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIALS, escapeChar) : value;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    case '\0':
      return '\u2400';
    default:
      return '\\r';
  }
}
