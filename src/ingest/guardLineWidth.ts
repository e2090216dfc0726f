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
 * counted. Nor is every line end looked for: from where a line starts, the guard looks back from
 * the place its `max + 1`-th character would be for the last line end before it — every line in
 * between is shorter than `max` — and starts again after it, so a CSV of ordinary lines costs a
 * look-up per `max` characters, not one per line (one per line was ≈ 0.5 node CPU-s per million
 * rows; BENCHMARKS.md, nineteenth round). The pieces of a line still short enough not to count
 * are kept (at most `max` characters), to be counted if it grows past `max`. Lengths are counted
 * in the chunks' own units (characters, or bytes: at least as many).
 */
export async function* guardLineWidth<T extends string | Buffer>(text: AsyncIterable<T>, delimiter: string, max = MAX_DELIMITERS_PER_LINE): AsyncGenerator<T> {
  let length = 0; // characters of the current line before `at`
  let counting = false; // the line is longer than `max`: its delimiters are being counted
  let count = 0;
  const held: T[] = []; // the line's pieces from earlier chunks, while not counting
  for await (const chunk of text) {
    const n = chunk.length;
    let at = 0; // where the rest of the current line starts in this chunk
    // The first LF and CR at or after `at` (-1: none left), so that a backward search runs only
    // where it finds one (most files have no CR) and never back past `at`.
    let lf = indexOfCode(chunk, LF, 0);
    let cr = indexOfCode(chunk, CR, 0);
    while (at < n) {
      if (lf !== -1 && lf < at) lf = indexOfCode(chunk, LF, at);
      if (cr !== -1 && cr < at) cr = indexOfCode(chunk, CR, at);
      if (!counting) {
        // The chunk index of the line's `max + 1`-th character, if no line end comes before it.
        const limit = at + max - length;
        const to = Math.min(limit, n - 1);
        const lastEnd = Math.max(
          lf !== -1 && lf <= to ? lastIndexOfCode(chunk, LF, to) : -1,
          cr !== -1 && cr <= to ? lastIndexOfCode(chunk, CR, to) : -1,
        );
        if (lastEnd >= at) {
          // Every line up to this line end is at most `max` characters long.
          length = 0;
          held.length = 0;
          at = lastEnd + 1;
          continue;
        }
        if (limit >= n) {
          // The line goes on into the next chunk, still short enough.
          length += n - at;
          held.push((typeof chunk === 'string' ? chunk.slice(at) : chunk.subarray(at)) as T);
          break;
        }
        counting = true;
        count = 0;
        for (const piece of held) count += delimitersIn(piece, delimiter, 0, piece.length);
        held.length = 0;
      }
      const end = lf === -1 ? (cr === -1 ? n : cr) : cr === -1 ? lf : Math.min(lf, cr);
      count += delimitersIn(chunk, delimiter, at, end);
      if (count > max) throw new PackregError('FILE_LIMITS', { what: { ja: '列数', en: 'columns' }, limit: max });
      if (end === n) break;
      // A line end: the next line starts after it.
      counting = false;
      length = 0;
      at = end + 1;
    }
    if (n > 0) yield chunk;
  }
}

const LF = 10;
const CR = 13;

// A Buffer is searched for the byte (a string needle is encoded on every call); a string for the character.
function indexOfCode(text: string | Buffer, code: number, from: number): number {
  return typeof text === 'string' ? text.indexOf(String.fromCharCode(code), from) : text.indexOf(code, from);
}

function lastIndexOfCode(text: string | Buffer, code: number, from: number): number {
  return typeof text === 'string' ? text.lastIndexOf(String.fromCharCode(code), from) : text.lastIndexOf(code, from);
}

function delimitersIn(text: string | Buffer, delimiter: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(delimiter, from); i !== -1 && i < to; i = text.indexOf(delimiter, i + 1)) n += 1;
  return n;
}
