import { PackregError } from '../domain/PackregError.js';
import { looksLikeUtf16 } from './looksLikeUtf16.js';
import type { FileType } from './types.js';

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const BOMS = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]];

/**
 * Decide by content, never by name, whether the bytes are a workbook (a zip: XLSX), text (CSV/TSV)
 * or something else (FILE_UNREADABLE). Text is "almost no control characters (NUL included)";
 * whether the text decodes is the encoding detector's business (FILE_ENCODING).
 */
export function sniffFileType(sample: Buffer): FileType {
  if (startsWith(sample, ZIP_LOCAL)) return 'xlsx';
  if (startsWith(sample, [0x50, 0x4b])) throw new PackregError('FILE_UNREADABLE', { detail: { ja: 'ブックではない zip ファイルです', en: 'a zip archive that is not a workbook' } });
  if (startsWith(sample, OLE2)) {
    throw new PackregError('FILE_UNREADABLE', { detail: { ja: 'Excel 97-2003 形式(.xls)などの OLE ファイルです。.xlsx で保存し直してください', en: 'an Excel 97-2003 (.xls) or other OLE file; save it as .xlsx' } });
  }
  if (BOMS.some((bom) => startsWith(sample, bom))) return 'csv';
  // UTF-16 without a BOM is text (its NULs are half its ASCII), refused as FILE_ENCODING later.
  if (looksLikeUtf16(sample)) return 'csv';
  let controls = 0;
  for (const byte of sample) {
    // A NUL is counted like any other control character: one in a text file is a bad cell
    // (TEXT_INVALID, SPEC §3), while binary data has them by the hundred.
    // Tab, LF, VT, FF, CR and ESC (ISO-2022-JP, reported as FILE_ENCODING later) are text.
    if (byte < 0x20 && !(byte >= 0x09 && byte <= 0x0d) && byte !== 0x1b) controls += 1;
  }
  if (controls > 0 && controls * 100 > sample.length) throw new PackregError('FILE_UNREADABLE', { detail: { ja: 'テキストでもブックでもないデータです', en: 'binary data' } });
  return 'csv';
}

function startsWith(buffer: Buffer, prefix: readonly number[]): boolean {
  return buffer.length >= prefix.length && prefix.every((b, i) => buffer[i] === b);
}
