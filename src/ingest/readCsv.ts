import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
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

/**
 * CSV text (decoded strings, or checked UTF-8 bytes) → rows of cells, streaming (csv-parse). Row
 * numbers count every record, blank ones and those above the header included, and a quoted record
 * spanning several lines is one row: Excel's numbering. CRLF, LF and CR-only line ends; quotes
 * with delimiters, quotes and line breaks inside; ragged rows; a bare quote inside an unquoted
 * field is text (`relax_quotes`). Limits: a cell over `maxCellChars`, a record with more non-blank
 * cells than `maxColumns`, or a record too big to be honest (an unclosed quote swallowing the
 * file) → FILE_LIMITS; a quote still open at the end of the file → FILE_UNREADABLE. packreg's own
 * CSV formula guard is removed.
 */
export async function* readCsv(text: AsyncIterable<string> | AsyncIterable<Buffer>, options: ReadCsvOptions): AsyncGenerator<GridRow> {
  const { delimiter, limits } = options;
  // csv-parse measures records in UTF-8 bytes (up to 4 per character).
  const maxRecordBytes = limits.maxColumns * limits.maxCellChars * 4;
  const source = Readable.from(guardLineWidth<string | Buffer>(text, delimiter));
  const parser = parse({
    delimiter,
    bom: false, // decodeText or checkedUtf8 already dropped it
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    // Mac Excel and classic Mac files end lines with CR alone; an array makes csv-parse accept all
    // three everywhere instead of sticking to the first one it saw.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecordBytes,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      takeRecord(record, row, limits);
      yield { row, cells: record };
    }
  } catch (error) {
    throw csvError(error, limits, maxRecordBytes);
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/**
 * Check a record against the limits and drop the formula guard packreg's own CSV reports put in
 * front of formula-like text (a report uploaded again yields the original text, SPEC §6), in
 * place: this runs once per cell of every row.
 */
function takeRecord(record: string[], row: number, limits: ReadCsvOptions['limits']): void {
  let lastFilled = -1;
  for (let i = 0; i < record.length; i += 1) {
    let cell = record[i]!;
    if (cell.charCodeAt(0) === 0x27) cell = record[i] = removeCsvGuard(cell);
    if (cell.length > limits.maxCellChars) {
      throw new PackregError('FILE_LIMITS', { what: { ja: `1 セルの文字数(${row} 行目)`, en: `characters in a cell (row ${row})` }, limit: limits.maxCellChars });
    }
    if (cell.trim() !== '') lastFilled = i;
  }
  if (lastFilled + 1 > limits.maxColumns) {
    throw new PackregError('FILE_LIMITS', { what: { ja: `列数(${row} 行目)`, en: `columns (row ${row})` }, limit: limits.maxColumns });
  }
}

function csvError(error: unknown, limits: ReadCsvOptions['limits'], maxRecordBytes: number): unknown {
  if (error instanceof PackregError) return error;
  if (error instanceof CsvError) {
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
      return new PackregError('FILE_LIMITS', { what: { ja: '1 行のバイト数(閉じていない引用符がありませんか?)', en: 'bytes in one record (is a quote left open?)' }, limit: maxRecordBytes }, { cause: error });
    }
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new PackregError('FILE_UNREADABLE', { detail: { ja: '引用符(")が閉じられていません', en: `a quote is never closed (${error.message})` } }, { cause: error });
    }
    return new PackregError('FILE_UNREADABLE', { detail: { ja: 'CSV として読めません', en: error.message } }, { cause: error });
  }
  void limits;
  return error;
}
