import iconv from 'iconv-lite';
import { PackregError } from '../domain/PackregError.js';
import type { EncodingOption, TextEncoding } from './types.js';
import { looksLikeCp932 } from './looksLikeCp932.js';
import { looksLikeUtf16 } from './looksLikeUtf16.js';

/**
 * Choose the text encoding from the file's first bytes (SPEC §3): a BOM decides (UTF-8,
 * UTF-16LE, UTF-16BE); without one, UTF-16 is FILE_ENCODING, valid UTF-8 is UTF-8, else bytes that decode strictly and
 * plausibly as CP932 are CP932, else FILE_ENCODING. `option` overrides detection ('utf8' or
 * 'cp932'); the stream is still decoded strictly, so a wrong override ends in FILE_ENCODING, never
 * in garbled text.
 *
 * @param complete the sample is the whole file (a truncated multibyte sequence at its end is then
 *   an error rather than the edge of the sample).
 */
export function detectEncoding(sample: Buffer, option: EncodingOption = 'auto', complete = true): TextEncoding {
  const bom = bomEncoding(sample);
  // UTF-16 without a BOM (SPEC §3 takes UTF-16 with one): refused whatever --encoding says, since
  // as UTF-8 it would "decode" into NUL-riddled garbage.
  const utf16 = bom === null ? looksLikeUtf16(sample) : null;
  if (utf16) throw new PackregError('FILE_ENCODING', { encoding: utf16.toUpperCase(), bom: false });
  if (option === 'utf8') {
    if (bom !== null && bom !== 'utf-8') throw new PackregError('FILE_ENCODING', { encoding: 'utf-8' });
    return 'utf-8';
  }
  if (option === 'cp932') {
    if (bom !== null) throw new PackregError('FILE_ENCODING', { encoding: 'cp932' });
    return 'cp932';
  }
  if (bom !== null) return bom;
  if (/\x1b[$(][@BJ]/.test(sample.toString('latin1'))) {
    // ISO-2022-JP (JIS) is 7-bit: it would pass as UTF-8 and be stored as escape-sequence garbage.
    throw new PackregError('FILE_ENCODING', { encoding: 'iso-2022-jp' });
  }
  if (isUtf8(sample, complete)) return 'utf-8';
  if (isStrictCp932(sample, complete) && looksLikeCp932(sample)) return 'cp932';
  throw new PackregError('FILE_ENCODING');
}

export function bomEncoding(sample: Buffer): TextEncoding | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return null;
}

function isUtf8(sample: Buffer, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

function isStrictCp932(sample: Buffer, complete: boolean): boolean {
  // A streaming decoder holds back a lead byte cut off at the end of the sample instead of
  // reporting it; `decode` (write + end) reports it, which is right when the sample is the file.
  const text = complete ? iconv.decode(sample, 'cp932') : iconv.getDecoder('cp932').write(sample);
  return !hasCp932Garbage(text);
}

/** U+FFFD: bytes with no mapping; U+0080: iconv-lite's pass-through of the unassigned byte 0x80. */
export function hasCp932Garbage(text: string): boolean {
  return text.includes('\uFFFD') || text.includes('\u0080');
}
