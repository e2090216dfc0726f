/**
 * Whether a sample without a BOM is UTF-16 text (some tools write it so; Excel's "Unicode text"
 * has a BOM): ASCII characters — delimiters, line breaks, digits — leave a NUL in every other
 * byte, on one side only, and the whole sample decodes strictly to text without control
 * characters. Binary data has NULs on both sides or decodes to controls. Only used to tell such
 * a file apart (FILE_ENCODING: an encoding packreg does not take, SPEC §3) from binary bytes
 * (FILE_UNREADABLE); it is never read as UTF-16 without its BOM.
 */
export function looksLikeUtf16(sample: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return null;
  let zerosEven = 0;
  let zerosOdd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) zerosEven += 1;
    if (sample[i + 1] === 0) zerosOdd += 1;
  }
  const oneSided = (mostly: number, rarely: number) => mostly >= Math.max(2, pairs / 10) && rarely * 20 <= mostly;
  const guess = oneSided(zerosOdd, zerosEven) ? 'utf-16le' : oneSided(zerosEven, zerosOdd) ? 'utf-16be' : null;
  if (!guess) return null;
  let text: string;
  try {
    text = new TextDecoder(guess, { fatal: true }).decode(sample.subarray(0, pairs * 2), { stream: true });
  } catch {
    return null;
  }
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) controls += 1;
  }
  return controls * 100 <= text.length ? guess : null;
}
