import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { PackregError } from '../domain/PackregError.js';
import { bomEncoding, hasCp932Garbage } from './detectEncoding.js';
import type { TextEncoding } from './types.js';

/**
 * Decode a byte stream to text, strictly: a byte sequence that is not valid in `encoding` throws
 * FILE_ENCODING wherever it appears, so nothing garbled is ever passed on. Multibyte characters
 * split across chunks are carried over by the decoders (TextDecoder `stream: true`, iconv-lite's
 * stateful decoder). A leading BOM is dropped.
 *
 * CP932 and the wave dash: iconv-lite decodes 0x8160 to U+FF5E (～ FULLWIDTH TILDE), as Windows,
 * Excel and the WHATWG decoder do, not to U+301C (〜 WAVE DASH) as strict JIS tools do. We keep
 * U+FF5E: it is the character the Japanese-Excel user typed and sees (the Windows IME types
 * U+FF5E), it is what Excel writes when the same sheet is saved as "CSV UTF-8" or XLSX, so one
 * user's text is stored the same whatever format they save in, and it encodes back to 0x8160 in a
 * CP932 report. Likewise 0x817C is U+FF0D (－) and 0x8161 U+2225 (∥). NFKC folds U+FF5E to '~' in
 * codes; free text keeps it.
 */
export async function* decodeText(bytes: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  if (encoding === 'cp932') {
    const decoder = iconv.getDecoder('cp932');
    for await (const chunk of bytes) yield checkCp932(decoder.write(chunk));
    yield checkCp932(decoder.end() ?? '');
    return;
  }
  // TextDecoder consumes the BOM of its own encoding (ignoreBOM: false).
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new PackregError('FILE_ENCODING', { encoding }, { cause: error });
    throw error;
  }
}

function checkCp932(text: string): string {
  if (hasCp932Garbage(text)) throw new PackregError('FILE_ENCODING', { encoding: 'cp932' });
  return text;
}

/**
 * UTF-8 bytes checked, not decoded: csv-parse works on bytes and decodes each field itself, so a
 * UTF-8 file is handed to it as it is instead of decoded here and encoded back there (≈ 0.15
 * node CPU-s per 200k rows). The same strictness as `decodeText`: every chunk is validated up to
 * its last whole character (the cut-off tail waits for the next chunk), a byte sequence that is
 * not UTF-8 — or one left unfinished at the end — throws FILE_ENCODING. A leading BOM is dropped.
 */
export async function* checkedUtf8(bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let bomChecked = false;
  for await (const read of bytes) {
    let chunk: Buffer = carry.length > 0 ? Buffer.concat([carry, read]) : read;
    if (!bomChecked) {
      if (chunk.length < 3) {
        carry = chunk; // too short to tell a BOM yet
        continue;
      }
      bomChecked = true;
      chunk = withoutBom(chunk);
    }
    const whole = wholeCharacters(chunk);
    checkUtf8(chunk.subarray(0, whole));
    carry = chunk.subarray(whole);
    if (whole > 0) yield chunk.subarray(0, whole);
  }
  const rest = bomChecked ? carry : withoutBom(carry);
  if (rest.length > 0) {
    checkUtf8(rest); // a character left unfinished at the end fails here
    yield rest;
  }
}

const withoutBom = (bytes: Buffer): Buffer => (bomEncoding(bytes) === 'utf-8' ? bytes.subarray(3) : bytes);

function checkUtf8(bytes: Buffer): void {
  if (!isUtf8(bytes)) throw new PackregError('FILE_ENCODING', { encoding: 'utf-8' });
}

/**
 * The length of `chunk` without a multibyte character its end cuts off: at most the last three
 * bytes are looked at (a lead byte whose sequence runs past the end). Bytes that are not UTF-8 at
 * all are left in, for the validation to refuse.
 */
function wholeCharacters(chunk: Buffer): number {
  const end = chunk.length;
  for (let i = end - 1; i >= 0 && i >= end - 3; i -= 1) {
    const byte = chunk[i]!;
    if (byte < 0x80) return end; // ASCII: nothing cut off
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return i + size > end ? i : end;
    }
    // a continuation byte: keep looking for its lead
  }
  return end;
}
