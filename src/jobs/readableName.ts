import iconv from 'iconv-lite';
import { looksLikeCp932 } from '../ingest/looksLikeCp932.js';

/** How a raw file name was shown: as UTF-8, decoded as CP932, or with its odd bytes escaped. */
export type NameEncoding = 'utf-8' | 'cp932' | 'bytes';

export interface ReadableName {
  readonly text: string;
  readonly encoding: NameEncoding;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file name as the file system holds it (bytes), made readable for the run summary, logs and
 * reports. Linux names are bytes, and a Windows share mounted without `iocharset=utf8`, an old
 * Samba `unix charset`, or a zip unpacked on Linux hands us CP932 (`登録依頼.csv` as 93 6f 98 5e …).
 * UTF-8 is taken as it is; otherwise CP932 when the bytes are strictly CP932 (they decode and encode
 * back to the same bytes) and plausibly Japanese (`looksLikeCp932`: Latin-1 `café.csv` is no
 * kanji); otherwise the valid UTF-8 is kept and every other byte written `\xNN`. The shown name
 * is for people: the file itself is always opened and moved by its bytes.
 */
export function readableName(raw: Buffer): ReadableName {
  try {
    return { text: UTF8.decode(raw), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try the next reading
  }
  const cp932 = iconv.decode(raw, 'cp932');
  if (!cp932.includes('\ufffd') && iconv.encode(cp932, 'cp932').equals(raw) && looksLikeCp932(raw)) {
    return { text: cp932, encoding: 'cp932' };
  }
  return { text: escapeInvalid(raw), encoding: 'bytes' };
}

/** Valid UTF-8 sequences as text, each other byte as `\xNN`. */
function escapeInvalid(raw: Buffer): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    let taken = 0;
    for (let length = 1; length <= 4 && i + length <= raw.length; length += 1) {
      try {
        out += UTF8.decode(raw.subarray(i, i + length));
        taken = length;
        break;
      } catch {
        // an incomplete or invalid sequence: try one byte longer
      }
    }
    if (taken === 0) {
      out += `\\x${raw[i]!.toString(16).padStart(2, '0')}`;
      taken = 1;
    }
    i += taken;
  }
  return out;
}
