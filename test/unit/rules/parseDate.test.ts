import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../src/rules/parseDate.js';
import { excelSerialToDate } from '../../../src/rules/excelSerialToDate.js';

describe('parseDate', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['2026/4/1', '2026-04-01'],
    ['2026/04/15', '2026-04-15'],
    ['2026.4.1', '2026-04-01'],
    ['2026年4月1日', '2026-04-01'],
    ['２０２６／４／１', '2026-04-01'],
    ['2026/04/01 0:00', '2026-04-01'],
    ['2026/4/1 12:34:56', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R8.4.1', '2026-04-01'],
    ['R8/4/1', '2026-04-01'],
    ['r8.4.1', '2026-04-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['H元.1.8', '1989-01-08'],
    ['S64.1.7', '1989-01-07'],
    ['昭和50年12月31日', '1975-12-31'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    '2026-02-30', // impossible day
    '2025-02-29', // not a leap year
    '2026-13-01',
    '4月1日', // no year (LibreOffice "as shown" export of a ja-JP date)
    'Apr 01',
    'H31.5.1', // Heisei ended 2019-04-30
    'R1.4.30', // Reiwa began 2019-05-01
    '令和0年4月1日',
    '2026/4/1/2',
    'tomorrow',
    '',
    '20260401', // 8 digits: not a serial Excel can show, not a listed form
  ])('%s stays unparsed', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('reads bare numbers as Excel serials (1900 and 1904 systems)', () => {
    expect(parseDate('46113')).toBe('2026-04-01');
    expect(parseDate('46113.75')).toBe('2026-04-01');
    expect(parseDate('44651', { date1904: true })).toBe('2026-04-01');
    expect(parseDate('46113', { serials: false })).toBeNull();
  });
});

describe('excelSerialToDate', () => {
  it('follows Excel in the 1900 system, fake 1900-02-29 included', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(11)).toBe('1900-01-11');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBeNull(); // 1900-02-29 never existed
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(25569)).toBe('1970-01-01');
    expect(excelSerialToDate(2958465)).toBe('9999-12-31');
    expect(excelSerialToDate(2958466)).toBeNull();
    expect(excelSerialToDate(0)).toBeNull();
    expect(excelSerialToDate(Number.NaN)).toBeNull();
  });

  it('follows Excel in the 1904 system', () => {
    // Ground truth from the corpus workbook excel-mac2016_date1904.xlsx, column C (Excel's TEXT()).
    expect(excelSerialToDate(0, true)).toBe('1904-01-01');
    expect(excelSerialToDate(1, true)).toBe('1904-01-02');
    expect(excelSerialToDate(1111, true)).toBe('1907-01-16');
    expect(excelSerialToDate(11111, true)).toBe('1934-06-03');
  });
});
