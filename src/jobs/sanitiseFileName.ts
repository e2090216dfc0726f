import path from 'node:path';

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
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  if (name === '') name = 'file';
  return capBytes(name);
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
