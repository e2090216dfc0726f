import { parse } from 'csv-parse/sync';
import type { SavedAliases } from './headerAliases.js';
import { countKnownHeaders } from './mapHeader.js';
import type { CsvDelimiter } from './readCsv.js';

const CANDIDATES: readonly CsvDelimiter[] = [',', '\t', ';'];
export const HEADER_SEARCH_ROWS = 10;

/**
 * The CSV delimiter, detected from the header line (SPEC §3): the candidate (comma, tab —
 * Excel's "Unicode text" — or semicolon — European Excel's CSV) under which one of the first 10
 * records names at least 3 known columns, the earliest such record winning. When no candidate
 * finds a header, the one that splits the first non-blank line into the most fields (outside
 * quotes), so raw reading and HEADER_NOT_FOUND still work.
 *
 * @param sample the start of the decoded text (may end mid-record).
 * @param saved the reseller's saved header mapping: its headers count as known.
 */
export function detectDelimiter(sample: string, saved?: SavedAliases): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; row: number; known: number } | null = null;
  for (const delimiter of CANDIDATES) {
    const records = firstRecords(sample.slice(0, 256 * 1024), delimiter);
    const row = records.findIndex((cells) => countKnownHeaders(cells, saved) >= 3);
    if (row < 0) continue;
    const known = countKnownHeaders(records[row]!, saved);
    if (!best || row < best.row || (row === best.row && known > best.known)) best = { delimiter, row, known };
  }
  if (best) return best.delimiter;
  const line = sample.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  let fallback: CsvDelimiter = ',';
  let most = 0;
  for (const delimiter of CANDIDATES) {
    const count = countOutsideQuotes(line, delimiter);
    if (count > most) [fallback, most] = [delimiter, count];
  }
  return fallback;
}

function firstRecords(sample: string, delimiter: CsvDelimiter, retries = 3): string[][] {
  // The sample may stop inside a record, which makes csv-parse throw and lose the records before
  // it: retry a few times without the last line.
  const out: string[][] = [];
  try {
    const records = parse(sample, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      to: HEADER_SEARCH_ROWS,
    }) as string[][];
    out.push(...records);
  } catch {
    // Retry without the last (partial) line.
    const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
    if (cut > 0 && retries > 0) return firstRecords(sample.slice(0, cut), delimiter, retries - 1);
  }
  return out;
}

function countOutsideQuotes(line: string, delimiter: CsvDelimiter): number {
  let quoted = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) count += 1;
  }
  return count;
}
