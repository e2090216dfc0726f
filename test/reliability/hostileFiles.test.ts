import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SHEET_HEAD, SHEET_TAIL, deflateRepeated, rowXml, sheetWorkbook, workbookParts, writeZip } from './hostileKit.js';
import { HEAP_MB, useProbe } from './hostileProbe.js';

/**
 * Hostile files through the whole ingest in a child process, under a 96 MB heap and the RSS
 * watchdog of hostileProbe.ts. Hostile workbooks that aim at the XLSX reader itself (nesting,
 * shared strings, entities, duplicate entries): hostileWorkbooks.test.ts.
 */
const HEADER = ['support id', 'pack model', 'pack serial', 'product model', 'service start', 'remarks'];
const VALID = ['300000001', 'SP-SW-36', 'SW-0001', 'EXP-5800-R120', '2026-12-01', 'ok'];
const csv = (...lines: string[][]) => `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
const probe = useProbe();

describe(`hostile XLSX (ingest in a child process, ${HEAP_MB} MB heap)`, () => {
  it('a zip bomb whose directory declares the truth → FILE_LIMITS before inflating', { timeout: 600_000 }, async () => {
    // 300 MB of whitespace between rows: ~300 KB on disk, 1000× its size.
    const sheet = await deflateRepeated(`${SHEET_HEAD('A1:F2')}${rowXml(1, HEADER)}`, '          ', 30_000_000, `${rowXml(2, VALID)}${SHEET_TAIL}`);
    expect((await probe('bomb.xlsx', writeZip(workbookParts(sheet)))).code).toBe('FILE_LIMITS');
  });

  it('a zip bomb whose directory lies about the size → FILE_LIMITS while inflating', { timeout: 600_000 }, async () => {
    const sheet = await deflateRepeated(`${SHEET_HEAD('A1:F2')}${rowXml(1, HEADER)}`, '          ', 30_000_000, `${rowXml(2, VALID)}${SHEET_TAIL}`);
    const parts = workbookParts(sheet).map((p) => (p.name.endsWith('sheet1.xml') ? { ...p, declaredSize: 4_000 } : p));
    expect((await probe('bomb-lying.xlsx', writeZip(parts))).code).toBe('FILE_LIMITS');
  });

  it('a sheet filled out to column XFD (16,384 columns) → FILE_LIMITS', async () => {
    const wide = Array.from({ length: 16_384 }, (_, i) => i);
    expect((await probe('wide.xlsx', sheetWorkbook(`${rowXml(1, HEADER)}${rowXml(2, wide)}`, 'A1:XFD2'))).code).toBe('FILE_LIMITS');
    // One stray cell far to the right is a filled column too.
    const stray = `${rowXml(1, HEADER)}${rowXml(2, VALID)}${rowXml(3, ['x'], 16_384)}`;
    expect((await probe('stray-xfd.xlsx', sheetWorkbook(stray, 'A1:XFD3'))).code).toBe('FILE_LIMITS');
  });

  it('1,048,576 declared rows: a dimension alone is harmless; a cell on row 1,048,576 is past the row limit', async () => {
    const declared = await probe('declared.xlsx', sheetWorkbook(`${rowXml(1, HEADER)}${rowXml(2, VALID)}`, 'A1:XFD1048576'));
    expect(declared).toMatchObject({ code: null, rows: 1, codes: {} });
    // The limit counts rows by their Excel number below the header (blank rows cost reading too),
    // so a stray cell on the last row of the sheet is FILE_LIMITS, found without reading a million rows.
    const rows = `${rowXml(1, HEADER)}${rowXml(2, VALID)}${rowXml(1_048_576, VALID)}`;
    expect((await probe('tall.xlsx', sheetWorkbook(rows, 'A1:F1048576'))).code).toBe('FILE_LIMITS');
  });

  it('more real rows than the row limit → FILE_LIMITS (limit lowered to keep the test fast)', async () => {
    const rows = [rowXml(1, HEADER), ...Array.from({ length: 1_200 }, (_, i) => rowXml(i + 2, VALID))].join('');
    expect((await probe('rows.xlsx', sheetWorkbook(rows, 'A1:F1048576'), { PACKREG_MAX_ROWS: '1000' })).code).toBe('FILE_LIMITS');
  });

  it('a truncated workbook, a zip that is no workbook, and binary bytes named .xlsx → FILE_UNREADABLE', async () => {
    const whole = sheetWorkbook(`${rowXml(1, HEADER)}${rowXml(2, VALID)}`);
    const outcomes = await Promise.all([
      probe('truncated.xlsx', whole.subarray(0, Math.floor(whole.length * 0.6))),
      probe('cut-directory.xlsx', whole.subarray(0, whole.length - 10)),
      probe('not-a-workbook.xlsx', writeZip([{ name: 'hello.txt', data: Buffer.from('hello') }])),
      probe('png.xlsx', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')),
    ]);
    expect(outcomes.map((o) => o.code)).toEqual(['FILE_UNREADABLE', 'FILE_UNREADABLE', 'FILE_UNREADABLE', 'FILE_UNREADABLE']);
  });

  it('formula-looking text, control characters and __proto__ headers in a workbook', async () => {
    const rows = `${rowXml(1, [...HEADER, '__proto__', 'constructor'])}${rowXml(2, [...VALID.slice(0, 5), '=HYPERLINK("http://x")', 'p', 'c'])}`
      + rowXml(3, ['300000001', 'SP-SW-36', 'SW_x0001_-0002', 'EXP-5800-R120', '2026-12-01']);
    const out = await probe('formulas.xlsx', sheetWorkbook(rows, 'A1:H3'));
    expect(out.code).toBeNull();
    expect(out.rows).toBe(2);
    expect(new Set(out.warnings)).toEqual(new Set(['UNKNOWN_COLUMN']));
    expect(out.codes).toEqual({ 'TEXT_INVALID:pack_serial': [3] });
  });
});

describe(`hostile CSV (ingest in a child process, ${HEAP_MB} MB heap)`, () => {
  it('a quote that never closes: FILE_UNREADABLE when small, FILE_LIMITS once the open record passes 200 × 2,000 × 4 bytes', async () => {
    const small = `${csv(HEADER, VALID)}300000001,"SP-SW-36,SW-0002\r\n`;
    expect((await probe('quote-small.csv', small)).code).toBe('FILE_UNREADABLE');
    const big = `${csv(HEADER)}300000001,"SP-SW-36,SW-0002\r\n${csv(...Array.from({ length: 40_000 }, () => VALID))}`;
    expect((await probe('quote-big.csv', big)).code).toBe('FILE_LIMITS');
  });

  it('a row of 100,000 columns, and one huge line of 40 MB → FILE_LIMITS', async () => {
    const wide = `${csv(HEADER)}${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\r\n`;
    expect((await probe('wide.csv', wide)).code).toBe('FILE_LIMITS');
    const huge = `${HEADER.join(',')},${'x'.repeat(40 * 1024 * 1024)}`;
    expect((await probe('huge-line.csv', huge)).code).toBe('FILE_LIMITS');
  });

  it('a file over 50 MB → FILE_TOO_LARGE without reading it (a sparse file)', async () => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-sparse-')), 'big.csv');
    await fs.writeFile(file, csv(HEADER, VALID));
    await fs.truncate(file, 51 * 1024 * 1024);
    expect((await probe('big.csv', await fs.readFile(file))).code).toBe('FILE_TOO_LARGE');
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  });

  it('NUL and control bytes: TEXT_INVALID in a mapped cell, echoed as they are in an unknown column', async () => {
    const text = csv(
      [...HEADER, 'memo'],
      [...VALID, 'a\u0000b'],
      ['300000001', 'SP-SW-36', 'SW-00\u000002', 'EXP-5800-R120', '2026-12-01', 'x', ''],
      ['300000001', 'SP-SW-36', 'SW-0003', 'EXP-5800-R120', '2026-12-01', 'bell\u0007', ''],
      ['300000001', 'SP-SW-36', 'SW-0004', 'EXP\u001b[31m-5800-R120', '2026-12-01', 'x', ''],
    );
    const out = await probe('control.csv', text);
    expect(out.code).toBeNull();
    expect(out.rows).toBe(4);
    expect(out.codes).toEqual({ 'TEXT_INVALID:pack_serial': [3], 'TEXT_INVALID:remarks': [4], 'TEXT_INVALID:product_model': [5] });
  });

  it('invalid UTF-8 and mixed encodings → FILE_ENCODING, never garbled rows', async () => {
    const utf8Header = Buffer.from(`サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日,備考\r\n${VALID.join(',')}\r\n`);
    const outcomes = await Promise.all([
      probe('invalid-utf8.csv', Buffer.concat([utf8Header, Buffer.from([0x33, 0x30, 0xff, 0xfe, 0xc0, 0x80, 0x0d, 0x0a])])),
      // A UTF-8 file with one row pasted from a CP932 one (髙橋 and a wave dash in CP932 bytes).
      probe('mixed.csv', Buffer.concat([utf8Header, iconv.encode(`${VALID.slice(0, 5).join(',')},髙橋〜①\r\n`, 'cp932')])),
      // A UTF-16LE BOM followed by UTF-8 bytes.
      probe('bom-mismatch.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), utf8Header, Buffer.from([0xe3, 0x81])])),
    ]);
    for (const out of outcomes) expect(out.code).toBe('FILE_ENCODING');
  });

  it('__proto__, constructor and prototype headers are unknown columns; duplicate headers are HEADER_DUPLICATE_COLUMN', async () => {
    const proto = await probe('proto.csv', csv([...HEADER, '__proto__', 'constructor', 'prototype', 'hasOwnProperty'], [...VALID, '{"x":1}', 'p', 'q', 'r']));
    expect(proto).toMatchObject({ code: null, rows: 1, codes: {}, headers: 10 });
    expect(proto.warnings).toEqual(['UNKNOWN_COLUMN', 'UNKNOWN_COLUMN', 'UNKNOWN_COLUMN', 'UNKNOWN_COLUMN']);
    expect((await probe('dup.csv', csv([...HEADER, 'Support ID'], [...VALID, '300000002']))).code).toBe('HEADER_DUPLICATE_COLUMN');
    expect((await probe('dup-ja.csv', csv([...HEADER, 'サポートパック型番'], [...VALID, 'SP-SW-36']))).code).toBe('HEADER_DUPLICATE_COLUMN');
  });

  it('very long cells: TEXT_TOO_LONG over 200 characters in a mapped column, FILE_LIMITS over 2,000 anywhere', async () => {
    const long = csv([...HEADER, 'memo'], [...VALID.slice(0, 5), 'あ'.repeat(201), 'ok'], [...VALID.slice(0, 5), 'ok', 'm'.repeat(2_000)]);
    const out = await probe('long.csv', long);
    expect(out).toMatchObject({ code: null, rows: 2, codes: { 'TEXT_TOO_LONG:remarks': [2] } });
    expect((await probe('too-long.csv', csv(HEADER, [...VALID.slice(0, 5), 'm'.repeat(2_001)]))).code).toBe('FILE_LIMITS');
  });

  it('formula-looking text is read as text (the reports neutralise it: test/e2e/reportsFormulaSafety.test.ts)', async () => {
    const text = csv(HEADER, ...['=1+1', '+81-3', '-2', '@SUM(A1)', '＝CMD|\' /C calc\'!A0'].map((f, i) => [...VALID.slice(0, 2), `SW-000${i + 1}`, ...VALID.slice(3, 5), f]));
    expect(await probe('formula-text.csv', text)).toMatchObject({ code: null, rows: 5, codes: {} });
  });
});
