import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutraliseText } from '../../../src/report/neutraliseCell.js';

describe('neutraliseCell', () => {
  it.each(['=1+1', '=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '＝1', '＋1', '－1', '＠A'])(
    'prefixes %j with an apostrophe and keeps the rest',
    (text) => {
      expect(neutraliseCell(text)).toBe(`'${text}`);
    },
  );

  it.each(['', 'SP-HW-12', '300000001', '東京都千代田区1-1', ' =1', "'=1", 'a=b', '２０２６年'])('leaves %j alone', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it('numbers stay numbers, negative ones too', () => {
    expect(neutraliseCell(-2)).toBe(-2);
    expect(neutraliseCell(0)).toBe(0);
    expect(neutraliseCell(12.5)).toBe(12.5);
    expect(neutraliseCell(Number.NaN)).toBe('NaN');
  });

  it('never returns an object: exceljs formula/hyperlink/rich-text shapes become inert text', () => {
    expect(typeof neutraliseCell({ formula: 'A1*2' })).toBe('string');
    expect(typeof neutraliseCell({ text: 'x', hyperlink: 'http://x' })).toBe('string');
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(undefined)).toBe('');
    expect(neutraliseText(-2)).toBe('-2');
  });
});
