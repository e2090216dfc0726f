import { Readable } from 'node:stream';
import type { Options } from 'csv-parse';
import type { Limits } from '../config.js';
import { removeCsvGuard } from '../domain/formulaGuard.js';
import { PackregError } from '../domain/PackregError.js';
import type { GridRow } from './GridRow.js';
import { guardLineWidth } from './guardLineWidth.js';

export type CsvDelimiter = ',' | '\t' | ';';

export interface ReadCsvOptions {
  readonly delimiter: CsvDelimiter;
  readonly limits: Pick<Limits, 'maxColumns' | 'maxCellChars'>;
}

/** A record delimiter: CRLF, LF or CR alone, as csv-parse reads them (`record_delimiter` below). */
const LINE_END = /\r\n|\r|\n/;

/**
 * CSV text (decoded strings, or checked UTF-8 bytes) → rows of cells, streaming, a chunk at a
 * time: the records of one piece of text, or up to 256 records / 64 K characters from csv-parse
 * (never empty; at most 64 K characters and one record). Row numbers count
 * every record, blank ones and those above the header included, and a quoted record spanning
 * several lines is one row: Excel's numbering. CRLF, LF and CR-only line ends; quotes with
 * delimiters, quotes and line breaks inside; ragged rows; a bare quote inside an unquoted field is
 * text (`relax_quotes`). Limits: a cell over `maxCellChars`, a record with more non-blank cells
 * than `maxColumns`, or a record too big to be honest (an unclosed quote swallowing the file) →
 * FILE_LIMITS; a quote still open at the end of the file → FILE_UNREADABLE. packreg's own CSV
 * formula guard is removed.
 *
 * csv-parse reads the file from its first chunk that holds a quote character. The chunks before
 * it — the whole of most files: a spreadsheet quotes only a cell holding a delimiter, a quote or a
 * line break — are split at line ends and delimiters by the engine's own `split`. Without a quote
 * that is exactly csv-parse's reading with these options (no other character means anything to
 * it), at a fraction of the cost: csv-parse looks at every byte in JavaScript, and was a fifth of
 * a large dry run's time (BENCHMARKS.md, ninth round). test/unit/ingest/readCsv.test.ts holds the
 * two to the same records, row numbers and errors on random text cut into random chunks.
 */
export async function* readCsv(text: AsyncIterable<string> | AsyncIterable<Buffer>, options: ReadCsvOptions): AsyncGenerator<GridRow[]> {
  const { delimiter, limits } = options;
  // csv-parse measures records in UTF-8 bytes (up to 4 per character).
  const maxRecordBytes = limits.maxColumns * limits.maxCellChars * 4;
  const chunks = guardLineWidth<string | Buffer>(text, delimiter)[Symbol.asyncIterator]();
  let row = 0;
  const take = (line: string): GridRow => {
    // A line of n characters holds at most 3n bytes of UTF-8.
    if (line.length * 3 > maxRecordBytes) checkRecordBytes(line, delimiter, maxRecordBytes);
    const cells = line.split(delimiter);
    row += 1;
    takeRecord(cells, row, limits);
    return { row, cells };
  };

  let carry = ''; // the text after the last line end: the start of a record not yet whole
  let quoted: string | null = null; // where csv-parse takes over: the carry and the chunk with a quote
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      // Both kinds of chunk end on a whole character (decodeText, checkedUtf8).
      const piece = typeof next.value === 'string' ? next.value : next.value.toString('utf8');
      if (piece.includes('"')) {
        quoted = carry + piece;
        break;
      }
      const lines = (carry + piece).split(LINE_END);
      carry = lines.pop()!;
      // A CR that ends the chunk may be the first half of a CRLF: its line waits for the next one.
      if (carry === '' && piece.endsWith('\r') && lines.length > 0) carry = `${lines.pop()!}\r`;
      if (lines.length > 0) yield lines.map(take);
      // A line that never ends is refused once it passes the limit, not once the file is read.
      if (carry.length * 3 > maxRecordBytes) checkRecordBytes(carry, delimiter, maxRecordBytes);
    }
    if (quoted === null) {
      const lines = carry.split(LINE_END);
      if (lines.at(-1) === '') lines.pop(); // text ending in a line end has no record after it
      if (lines.length > 0) yield lines.map(take);
      return;
    }
  } finally {
    if (quoted === null) void chunks.return(undefined).catch(() => undefined);
  }
  yield* parseRest(quoted, chunks, options, row, maxRecordBytes);
}

/** How csv-parse reads packreg's CSV (exported for the test that holds the quote-free reading to it). */
export function csvParseOptions(delimiter: CsvDelimiter, maxRecordBytes: number): Options {
  return {
    delimiter,
    bom: false, // decodeText or checkedUtf8 already dropped it
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    // Mac Excel and classic Mac files end lines with CR alone; an array makes csv-parse accept all
    // three everywhere instead of sticking to the first one it saw.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecordBytes,
  };
}

/**
 * Records csv-parse reads are handed on this many at a time, or once their cells pass this many
 * characters (records as wide as the limits allow are 400,000 characters each), as the quote-free
 * reading hands on the records of one piece of text.
 */
const PARSED_CHUNK_ROWS = 256;
const PARSED_CHUNK_CHARS = 64 * 1024;

/** The rest of the file from `first` on, read by csv-parse; rows are numbered on from `rowsBefore`. */
async function* parseRest(
  first: string,
  chunks: AsyncIterator<string | Buffer>,
  options: ReadCsvOptions,
  rowsBefore: number,
  maxRecordBytes: number,
): AsyncGenerator<GridRow[]> {
  const { delimiter, limits } = options;
  async function* rest(): AsyncGenerator<string | Buffer> {
    yield first;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  // Loaded only for a file with a quote: a small file without one (a dry run, `inspect`) starts
  // without compiling csv-parse.
  const { parse, CsvError } = await import('csv-parse');
  const source = Readable.from(rest());
  const parser = parse(csvParseOptions(delimiter, maxRecordBytes));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let row = rowsBefore;
  let rows: GridRow[] = [];
  let chars = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      chars += takeRecord(record, row, limits);
      rows.push({ row, cells: record });
      if (rows.length >= PARSED_CHUNK_ROWS || chars >= PARSED_CHUNK_CHARS) {
        yield rows;
        rows = [];
        chars = 0;
      }
    }
    if (rows.length > 0) yield rows;
  } catch (error) {
    throw csvError(error, maxRecordBytes, CsvError);
  } finally {
    source.destroy();
    parser.destroy();
    void chunks.return?.(undefined)?.catch(() => undefined);
  }
}

/**
 * A record of more than `maxRecordBytes` UTF-8 bytes of cells (its delimiters not counted, as
 * csv-parse counts) is FILE_LIMITS, as csv-parse's CSV_MAX_RECORD_SIZE is: also a line still
 * growing, so a file with no line end is refused before it fills memory.
 */
function checkRecordBytes(line: string, delimiter: string, maxRecordBytes: number): void {
  let delimiters = 0;
  for (let i = line.indexOf(delimiter); i !== -1; i = line.indexOf(delimiter, i + 1)) delimiters += 1;
  if (Buffer.byteLength(line, 'utf8') - delimiters > maxRecordBytes) throw recordTooBig(maxRecordBytes);
}

function recordTooBig(maxRecordBytes: number, cause?: unknown): PackregError {
  return new PackregError('FILE_LIMITS', { what: { ja: '1 行のバイト数(閉じていない引用符がありませんか?)', en: 'bytes in one record (is a quote left open?)' }, limit: maxRecordBytes }, cause === undefined ? undefined : { cause });
}

/**
 * Check a record against the limits and drop the formula guard packreg's own CSV reports put in
 * front of formula-like text (a report uploaded again yields the original text, SPEC §6), in
 * place: this runs once per cell of every row. Returns the record's characters.
 */
function takeRecord(record: string[], row: number, limits: ReadCsvOptions['limits']): number {
  let lastFilled = -1;
  let chars = 0;
  for (let i = 0; i < record.length; i += 1) {
    let cell = record[i]!;
    if (cell.charCodeAt(0) === 0x27) cell = record[i] = removeCsvGuard(cell);
    if (cell.length > limits.maxCellChars) {
      throw new PackregError('FILE_LIMITS', { what: { ja: `1 セルの文字数(${row} 行目)`, en: `characters in a cell (row ${row})` }, limit: limits.maxCellChars });
    }
    if (cell.trim() !== '') lastFilled = i;
    chars += cell.length;
  }
  if (lastFilled + 1 > limits.maxColumns) {
    throw new PackregError('FILE_LIMITS', { what: { ja: `列数(${row} 行目)`, en: `columns (row ${row})` }, limit: limits.maxColumns });
  }
  return chars;
}

function csvError(error: unknown, maxRecordBytes: number, CsvError: typeof import('csv-parse').CsvError): unknown {
  if (error instanceof PackregError) return error;
  if (error instanceof CsvError) {
    if (error.code === 'CSV_MAX_RECORD_SIZE') return recordTooBig(maxRecordBytes, error);
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new PackregError('FILE_UNREADABLE', { detail: { ja: '引用符(")が閉じられていません', en: `a quote is never closed (${error.message})` } }, { cause: error });
    }
    return new PackregError('FILE_UNREADABLE', { detail: { ja: 'CSV として読めません', en: error.message } }, { cause: error });
  }
  return error;
}
