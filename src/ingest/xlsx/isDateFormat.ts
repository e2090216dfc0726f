/**
 * Built-in number formats (ECMA-376 Part 1 §18.8.30, and the ja-JP meanings of ids 27–36 and
 * 50–58 that Japanese Excel writes without a `<numFmt>`) that show a calendar date. Times of day
 * (18–21, 32, 33, 45–47) are not dates.
 */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58, 81]);

/** Whether number format `id` (built in, unless `code` redefines it) shows a date. */
export function isDateFormat(id: number, code: string | undefined): boolean {
  return code === undefined ? BUILT_IN_DATES.has(id) : isDateFormatCode(code);
}

/**
 * Whether a format code shows a calendar date: it has a year, day or era token (`y`, `d`, `e`,
 * `g`, Thai `b`) outside quoted text, escapes, `[...]` sections (colours, locales, elapsed `[h]`)
 * and the `E+` of scientific notation, in time linear in the code's length whatever it holds.
 * `m` alone is not enough (it is also minutes), so `h:mm`, `mm:ss` and the duration
 * `[hh]:mm:ss` are numbers, as Excel means them.
 */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\.|[_*]./g, '')
    .replace(/\[[^[\]]*\]/g, '') // not `[^\]]*`: a run of `[` without `]` would make that quadratic
    .replace(/general/gi, '')
    .replace(/e[+-]/gi, '');
  return /[ydegb]/i.test(bare);
}
