import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { removeCsvGuard } from '../../../src/domain/formulaGuard.js';
import { csvParseOptions, readCsv, type CsvDelimiter } from '../../../src/ingest/readCsv.js';
import { detectDelimiter } from '../../../src/ingest/detectDelimiter.js';
import { seededRandom } from '../../helpers/seededRandom.js';
import { HEADER_EN, HEADER_JA, LIMITS, ingest, tempDir } from './ingestKit.js';

const file = tempDir();

async function grid(text: string | string[] | Buffer[], delimiter: CsvDelimiter = ',', limits = LIMITS) {
  async function* chunks() {
    for (const chunk of Array.isArray(text) ? text : [text]) yield chunk;
  }
  const rows = [];
  // Every call gives one kind: strings (decoded text) or Buffers (checked UTF-8).
  for await (const chunk of readCsv(chunks() as AsyncIterable<string>, { delimiter, limits })) {
    // A chunk is never empty: the import hands each on as it comes.
    expect(chunk.length).toBeGreaterThan(0);
    rows.push(...chunk);
  }
  return rows;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('readCsv', () => {
  it('numbers a quoted multi-line record as one row, blank records included', async () => {
    const rows = await grid('a,b\n"x\ny\nz",c\n\nd,"e ""q"", f"\n');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x\ny\nz', 'c'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['d', 'e "q", f'] },
    ]);
  });

  it.each([
    ['CRLF', 'a,b\r\nc,d\r\n'],
    ['LF', 'a,b\nc,d\n'],
    ['CR only (classic Mac Excel)', 'a,b\rc,d\r'],
    ['no final line end', 'a,b\r\nc,d'],
    ['mixed', 'a,b\r\nc,d\n'],
  ])('line ends: %s', async (_, text) => {
    expect((await grid(text)).map((r) => r.cells)).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('keeps a CR inside quotes in a CR-only file', async () => {
    expect((await grid('a,"b\rc"\rd,e\r')).map((r) => r.cells)).toEqual([['a', 'b\rc'], ['d', 'e']]);
  });

  it('reads ragged rows', async () => {
    expect((await grid('a,b,c\n1\n1,2,3,4\n')).map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });

  it('handles records split across chunks', async () => {
    expect((await grid(['a,"b', '\nc",d\r', '\ne,f'])).map((r) => r.cells)).toEqual([['a', 'b\nc', 'd'], ['e', 'f']]);
  });

  it('an unclosed quote in a big file → FILE_LIMITS before memory runs out', async () => {
    const limits = { ...LIMITS, maxColumns: 5, maxCellChars: 100 };
    const chunks = ['a,"b\n', ...Array.from({ length: 100 }, () => 'x,y,z\n'.repeat(100))];
    expect(await codeOf(grid(chunks, ',', limits))).toBe('FILE_LIMITS');
  });

  it('an unclosed quote at the end of a small file → FILE_UNREADABLE', async () => {
    expect(await codeOf(grid('a,b\n"c,d\n'))).toBe('FILE_UNREADABLE');
  });

  it('a cell over maxCellChars, or a filled column past maxColumns → FILE_LIMITS', async () => {
    expect(await codeOf(grid(`a,${'x'.repeat(2001)}\n`))).toBe('FILE_LIMITS');
    expect(await codeOf(grid(`a,${'x'.repeat(2000)}\n`))).toBeUndefined();
    expect(await codeOf(grid(`${'a,'.repeat(200)}b\n`))).toBe('FILE_LIMITS');
    // Trailing empty cells (Excel exports of formatted columns) do not count.
    expect(await codeOf(grid(`a${','.repeat(500)}\n`))).toBeUndefined();
  });

  it('a line with a hostile number of delimiters → FILE_LIMITS', async () => {
    expect(await codeOf(grid(','.repeat(70_000)))).toBe('FILE_LIMITS');
  });

  it('a quote-free record over the byte limit → FILE_LIMITS, also a file that never ends its line', async () => {
    const limits = { ...LIMITS, maxColumns: 5, maxCellChars: 100 }; // 2,000 bytes a record
    // Blank cells (spaces) pass the cell and column checks: only the record's size refuses it.
    const wide = `a,${Array.from({ length: 60 }, () => ' '.repeat(40)).join(',')}\n`;
    expect(await codeOf(grid(['x,y\n', wide], ',', limits))).toBe('FILE_LIMITS');
    expect(await codeOf(grid(['x,y\n', wide.replaceAll(' ', '')], ',', limits))).toBeUndefined();
    // No line end at all: refused once the line passes the limit, not after the whole file.
    let served = 0;
    async function* endless() {
      for (;;) {
        served += 1;
        yield 'abcdefghij'.repeat(10);
      }
    }
    const rows = readCsv(endless(), { delimiter: ',', limits });
    expect(await codeOf(rows.next())).toBe('FILE_LIMITS');
    expect(served).toBeLessThan(30);
  });

  it('hands out chunks bounded in characters (64 K and one record), quoted files too', async () => {
    // 300 records of 20 cells × 1,900 characters (38,000 each), quoted: csv-parse reads them.
    const record = Array.from({ length: 20 }, (_, i) => `"${'x'.repeat(1_899)}${i % 10}"`).join(',');
    for (const text of [`${record}\n`.repeat(300), `${record.replaceAll('"', '')}\n`.repeat(300)]) {
      async function* pieces() {
        for (let at = 0; at < text.length; at += 65_536) yield text.slice(at, at + 65_536);
      }
      let records = 0;
      for await (const chunk of readCsv(pieces(), { delimiter: ',', limits: LIMITS })) {
        const chars = chunk.map((r) => r.cells.reduce((n, c) => n + c.length, 0));
        expect(chars.slice(0, -1).reduce((n, c) => n + c, 0)).toBeLessThan(64 * 1024);
        records += chunk.length;
      }
      expect(records).toBe(300);
    }
  });
});

/**
 * The quote-free reading (split at line ends and delimiters) stands in for csv-parse: on random
 * text, cut into random chunks of strings or of UTF-8 bytes, readCsv must give exactly the
 * records, row numbers and errors csv-parse gives for the whole text at once. Text with a quote
 * checks the hand-over: csv-parse takes over from the chunk holding it, mid-file.
 */
describe('readCsv reads as csv-parse does', () => {
  const QUOTE_FREE = ['a', 'b', ',', ';', '\t', '\r', '\n', ' ', 'あ', '𠀋', "'"];
  const ANY = [...QUOTE_FREE, '"', '"', '\r\n'];

  function expected(text: string, delimiter: CsvDelimiter): { rows: Array<{ row: number; cells: string[] }> } | { code: string } {
    try {
      const records = parse(text, csvParseOptions(delimiter, LIMITS.maxColumns * LIMITS.maxCellChars * 4)) as string[][];
      // packreg's own formula guard (an apostrophe before a tab, a CR…) comes off every cell.
      return { rows: records.map((cells, i) => ({ row: i + 1, cells: cells.map(removeCsvGuard) })) };
    } catch (error) {
      return { code: (error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE' ? 'FILE_LIMITS' : 'FILE_UNREADABLE' };
    }
  }

  /** Cut `text` into 1–6 pieces, never inside a surrogate pair (a UTF-8 chunk is whole characters). */
  function cut(text: string, random: () => number): string[] {
    const cuts = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * (text.length + 1)))
      .filter((i) => !/[\udc00-\udfff]/.test(text[i] ?? ''))
      .sort((x, y) => x - y);
    return [0, ...cuts].map((from, k) => text.slice(from, [...cuts, text.length][k]));
  }

  it.each([
    ['quote-free', QUOTE_FREE],
    ['with quotes', ANY],
  ])('%s text, 4,000 random files', async (_, alphabet) => {
    const random = seededRandom(alphabet.length);
    for (let n = 0; n < 4_000; n += 1) {
      const length = Math.floor(random() * 40);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const delimiter = ([',', ';', '\t'] as const)[n % 3]!;
      const pieces = cut(text, random);
      const chunks = n % 2 === 0 ? pieces : pieces.map((p) => Buffer.from(p));
      let actual;
      try {
        actual = { rows: await grid(chunks, delimiter) };
      } catch (error) {
        actual = { code: (error as { code?: string }).code };
      }
      expect(actual, JSON.stringify({ text, pieces, delimiter })).toEqual(expected(text, delimiter));
    }
  });
});

describe('detectDelimiter', () => {
  it.each([
    [',', `${HEADER_JA}\n1,2,3,4,5`],
    ['\t', `${HEADER_JA.replaceAll(',', '\t')}\n1\t2`],
    [';', `${HEADER_EN.replaceAll(',', ';')}\n1;2,5;3`],
    [';', `Liste, Stand 2026\n\n${HEADER_EN.replaceAll(',', ';')}\n`],
    ['\t', 'a\tb\tc,d\n'], // no header: the most fields on the first line
    [',', 'plain text\n'],
  ])('%j', (expected, sample) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe('CSV through the ingest', () => {
  it('tab-delimited UTF-16LE "Unicode text" with a title row and blank rows', async () => {
    const text = `見積明細\t\t\r\n\r\n${HEADER_JA.replaceAll(',', '\t')}\r\n\r\n300000001\tA\tS1\tP\t2026/4/1\r\n\t\t\t\t\r\n300000002\tA\tS2\tP\t2026/4/2\r\n`;
    const out = await ingest(file('unicode-text.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect(out.facts).toMatchObject({ delimiter: '\t', headerRow: 3, encoding: 'utf-16le' });
    expect(out.rows.map((r) => [r.row, r.values.pack_serial])).toEqual([[5, 'S1'], [7, 'S2']]);
  });

  it('semicolon CSV; a multi-line record keeps later row numbers as Excel shows them', async () => {
    const text = `${HEADER_EN.replaceAll(',', ';')};remarks\n300000001;A;S1;P;2026-04-01;"line 1\nline 2"\n300000002;A;S2;P;2026-04-01;x\n`;
    const out = await ingest(file('semicolon.csv', text));
    expect(out.rows.map((r) => [r.row, r.values.remarks])).toEqual([[2, 'line 1\nline 2'], [3, 'x']]);
  });
});
