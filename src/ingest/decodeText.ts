import iconv from 'iconv-lite';
import { PackregError } from '../domain/PackregError.js';
import { hasCp932Garbage } from './detectEncoding.js';
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
