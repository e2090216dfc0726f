import { PackregError } from '../domain/PackregError.js';

/**
 * More delimiters than this on one physical line is a hostile file: csv-parse would build the
 * record (one array slot per empty field) before we could look at it.
 */
export const MAX_DELIMITERS_PER_LINE = 65_536;

/**
 * Passes CSV text (decoded, or UTF-8 bytes from `checkedUtf8`) through unchanged, failing with
 * FILE_LIMITS as soon as one physical line (ended by CR or LF) holds more than `max` delimiters —
 * before the chunk that holds the one too many reaches the parser.
 *
 * A line cannot hold more delimiters than characters, so only a line longer than `max` is
 * counted: a CSV of ordinary lines is scanned for line breaks (`indexOf`), not character by
 * character (≈ 0.6 node CPU-s per million rows). The pieces of a line still short enough not to
 * count are kept (at most `max` characters), to be counted if it grows past `max`.
 */
export async function* guardLineWidth<T extends string | Buffer>(text: AsyncIterable<T>, delimiter: string, max = MAX_DELIMITERS_PER_LINE): AsyncGenerator<T> {
  let length = 0; // characters of the current line so far
  let counting = false; // the line is longer than `max`: its delimiters are being counted
  let count = 0;
  const held: T[] = []; // the line's pieces from earlier chunks, while not counting
  for await (const chunk of text) {
    let lf = chunk.indexOf('\n');
    let cr = chunk.indexOf('\r');
    let at = 0;
    for (;;) {
      if (lf !== -1 && lf < at) lf = chunk.indexOf('\n', at);
      if (cr !== -1 && cr < at) cr = chunk.indexOf('\r', at);
      const end = lf === -1 ? (cr === -1 ? chunk.length : cr) : cr === -1 ? lf : Math.min(lf, cr);
      length += end - at;
      if (!counting && length > max) {
        counting = true;
        count = 0;
        for (const piece of held) count += delimitersIn(piece, delimiter, 0, piece.length);
        held.length = 0;
      }
      if (counting) {
        count += delimitersIn(chunk, delimiter, at, end);
        if (count > max) throw new PackregError('FILE_LIMITS', { what: { ja: '列数', en: 'columns' }, limit: max });
      }
      if (end === chunk.length) {
        if (!counting && end > at) held.push((typeof chunk === 'string' ? chunk.slice(at) : chunk.subarray(at)) as T);
        break;
      }
      // A line break: the next line starts after it.
      length = 0;
      counting = false;
      held.length = 0;
      at = end + 1;
    }
    if (chunk.length > 0) yield chunk;
  }
}

function delimitersIn(text: string | Buffer, delimiter: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(delimiter, from); i !== -1 && i < to; i = text.indexOf(delimiter, i + 1)) n += 1;
  return n;
}
