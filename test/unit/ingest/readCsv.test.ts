import { describe, expect, it } from 'vitest';
import { readCsv, type CsvDelimiter } from '../../../src/ingest/readCsv.js';
import { detectDelimiter } from '../../../src/ingest/detectDelimiter.js';
import { HEADER_EN, HEADER_JA, LIMITS, ingest, tempDir } from './ingestKit.js';

const file = tempDir();

async function grid(text: string | string[], delimiter: CsvDelimiter = ',', limits = LIMITS) {
  async function* chunks() {
    for (const chunk of Array.isArray(text) ? text : [text]) yield chunk;
  }
  const rows = [];
  for await (const row of readCsv(chunks(), { delimiter, limits })) rows.push(row);
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
