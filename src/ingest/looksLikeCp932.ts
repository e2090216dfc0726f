/**
 * Whether strictly valid CP932 bytes are plausibly Japanese text rather than Latin-1,
 * windows-1252 or windows-1251 that happens to decode ("Acentuação" is valid CP932: 鈬).
 *
 * Why it works: single-byte Western and Cyrillic text puts its letters at 0xC0–0xFF. In CP932,
 * 0xC0–0xDF are half-width katakana and 0xE0–0xFC lead bytes of rare characters (JIS level-2
 * kanji, NEC/IBM extensions, user-defined area), while real Japanese text is mostly kana,
 * punctuation and level-1 kanji, all with lead bytes 0x81–0x9F. So we require some double-byte
 * characters with a common lead byte and not many more rare ones than common ones; a file with only
 * half-width katakana (and no double-byte
 * character) must have runs that start like words (not with ｧ, ｰ or a sound mark) and
 * are not glued to Latin letters. User-defined characters (外字, lead 0xF0–0xF9) map to Unicode
 * private use and are never plausible.
 */
export function looksLikeCp932(bytes: Buffer): boolean {
  let common = 0;
  let rare = 0;
  let halfKana = 0;
  let oddKana = false;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      if (i + 1 >= bytes.length) break; // cut at the end of the sample
      if (b >= 0xf0 && b <= 0xf9) return false;
      if (b <= 0x9f) common += 1;
      else rare += 1;
      i += 2;
      continue;
    }
    if (b >= 0xa1 && b <= 0xdf) {
      const start = i;
      while (i < bytes.length && bytes[i]! >= 0xa1 && bytes[i]! <= 0xdf) i += 1;
      if (!plausibleKanaRun(bytes, start, i)) oddKana = true;
      halfKana += i - start;
      continue;
    }
    i += 1;
  }
  // With double-byte Japanese present, half-width runs need no scrutiny (KEN_ALL writes ｶｲｶﾞﾝ(1､2ﾁｮｳﾒ)).
  if (common + rare > 0) return common > 0 && rare <= 4 * common;
  return halfKana > 0 && !oddKana;
}

function plausibleKanaRun(bytes: Buffer, start: number, end: number): boolean {
  const first = bytes[start]!;
  // ｧ-ｯ (small kana), ｰ (long mark), ﾞ ﾟ (sound marks) never start a word; a run of one is a
  // stray accented letter (©, é as ﾀ…) far more often than a one-kana word.
  if ((first >= 0xa7 && first <= 0xb0) || first === 0xde || first === 0xdf) return false;
  if (end - start < 2) return false;
  return !isLatinLetter(bytes[start - 1]) && !isLatinLetter(bytes[end]);
}

function isLatinLetter(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
}
