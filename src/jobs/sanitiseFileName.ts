import path from 'node:path';
import iconv from 'iconv-lite';
import { readableName } from './readableName.js';

/** Bytes a sanitised name may take: room is left for a `-NN` suffix and `.report.json` (≤ 255). */
const MAX_NAME_BYTES = 200;
const MAX_EXT_CHARS = 10;

/**
 * A file name a reseller chose, made safe to join to a folder: one path component, never `.` or
 * `..`, no separators, no control characters (a newline in a name breaks logs and shell scripts),
 * no bidi overrides or zero-width characters (a name that displays as something else), no
 * characters Windows refuses (the folders are often shared over SMB), no leading dot (no hidden
 * files), no percent-encoded `/`, `\\`, `.` or NUL, at most 200 UTF-8 bytes with the extension kept. Japanese names stay as they are.
 */
export function sanitiseFileName(raw: string): string {
  let name = raw
    .normalize('NFC')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    // Percent-encoded separators, dots and NUL: harmless on disk, but not once something URL-decodes the name.
    .replace(/%(2f|5c|2e|00)/gi, '_')
    .replace(/[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  // CON, NUL, COM1… cannot be files on Windows whatever their extension.
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (name === '') name = 'file';
  return capBytes(name);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * The name a file found in the inbox is filed under, as bytes. A UTF-8 name goes through
 * `sanitiseFileName`. A CP932 name is sanitised as the text it is and written back in CP932, so
 * a safe name keeps its very bytes (the reseller's Windows share shows `登録依頼.csv` in done/ as
 * in the inbox) — never byte by byte, because a CP932 character's second byte can be a backslash or `|`
 * (ソ is 83 5C). Bytes of no known encoding are kept, except the ASCII the rules above replace.
 */
export function sanitiseRawFileName(raw: Buffer): Buffer {
  const { text, encoding } = readableName(raw);
  if (encoding === 'utf-8') return Buffer.from(sanitiseFileName(text));
  if (encoding === 'cp932') {
    const safe = sanitiseFileName(text);
    const bytes = iconv.encode(safe, 'cp932');
    return iconv.decode(bytes, 'cp932') === safe ? bytes : Buffer.from(safe);
  }
  // One character per byte (latin1), so the ASCII rules apply and every other byte passes as it is.
  let name = raw.toString('latin1')
    .replace(/%(2f|5c|2e|00)/gi, '_')
    .replace(/[\x00-\x1f\x7f/\\:*?"<>|]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[ \t.]+/, '')
    .replace(/[ \t.]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (name === '') name = 'file';
  const bytes = Buffer.from(name, 'latin1');
  if (bytes.length <= MAX_NAME_BYTES) return bytes;
  const dot = bytes.lastIndexOf(0x2e);
  const ext = dot > 0 && bytes.length - dot <= MAX_EXT_CHARS + 1 ? bytes.subarray(dot) : Buffer.alloc(0);
  return Buffer.concat([bytes.subarray(0, MAX_NAME_BYTES - ext.length), ext]);
}

/** Shorten the stem (never the extension) until the name fits, without splitting a character. */
function capBytes(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  let ext = path.extname(name);
  if (ext.length > MAX_EXT_CHARS) ext = '';
  const stem = [...name.slice(0, name.length - ext.length)];
  while (stem.length > 0 && Buffer.byteLength(stem.join('') + ext) > MAX_NAME_BYTES) stem.pop();
  return `${stem.join('') || 'file'}${ext}`;
}

/** Whether `name` is one plain path component (what `readdir` returns, or a job payload claims). */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\u0000]/.test(name);
}

/** The same for a raw name: bytes, in which only `/` and NUL are separators (a backslash may be the second byte of a CP932 character). */
export function isPlainRawName(name: Buffer): boolean {
  const text = name.toString('latin1');
  return text !== '' && text !== '.' && text !== '..' && !/[/\u0000]/.test(text);
}
