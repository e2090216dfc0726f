import { describe, expect, it } from 'vitest';
import { guardCsvText, removeCsvGuard, startsLikeFormula } from '../../../src/domain/formulaGuard.js';
import { plainCell } from '../../../src/report/reportWorkbook.js';
import { seededRandom } from '../../helpers/seededRandom.js';

/** Everything a spreadsheet may run or re-parse, and the look-alikes in front of it (SPEC §6). */
const STARTS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'];
const LEADS = ['', ' ', '   ', '\u00A0', '\u3000', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', ' \u3000\u200B'];
const FORMULA_LIKE = [
  ...STARTS.flatMap((start) => LEADS.map((lead) => `${lead}${start}1+1`)),
  '=HYPERLINK("http://x","y")', '\t=1', '\r=1', '\n=1', ' \n=1', '\u3000\t', '\t', '\n',
];
const PLAIN = ['', ' ', '\u3000', 'SP-HW-12', '300000001', '東京都千代田区1-1', 'a=b', '２０２６年', 'ー長音', '−2', "'", "It's"];

describe('the formula guard: one rule for every writer', () => {
  it.each(FORMULA_LIKE)('%j starts like a formula', (text) => {
    expect(startsLikeFormula(text)).toBe(true);
    expect(guardCsvText(text)).toBe(`'${text}`);
  });

  it.each(PLAIN)('%j does not', (text) => {
    expect(startsLikeFormula(text)).toBe(false);
    expect(guardCsvText(text)).toBe(text);
  });

  const TYPED_APOSTROPHES = ["'=1", "''=1", "' -2", "'@x", "'It's"];
  it.each([...FORMULA_LIKE, ...PLAIN, ...TYPED_APOSTROPHES])('removing the CSV guard gives back %j exactly', (text) => {
    expect(removeCsvGuard(guardCsvText(text))).toBe(text);
  });

  it('an apostrophe is only the guard in front of formula-like text', () => {
    expect(removeCsvGuard("'-B棟 サーバ室")).toBe('-B棟 サーバ室');
    expect(guardCsvText("'=1")).toBe("''=1");
    expect(removeCsvGuard("'It's")).toBe("'It's");
    expect(removeCsvGuard("'")).toBe("'");
  });
});

describe('the guard\'s shortcut for a plain first character', () => {
  /** The rule as SPEC §6 states it, without the shortcut: the oracle. */
  const SKIPPED = /^[\s\u00A0\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u3000\uFEFF]*/;
  const byRule = (text: string): boolean => {
    const lead = SKIPPED.exec(text)![0];
    return /[\t\r\n]/.test(lead) || STARTS.includes(text.charAt(lead.length));
  };

  it('agrees with the rule for every first character of the Basic Multilingual Plane, and on random text', () => {
    const random = seededRandom(19);
    const pick = (chars: string[]) => chars[Math.floor(random() * chars.length)]!;
    const tails = ['', '1', '=1', ' =1', '\u3000-', 'ABC', '\t=', ...STARTS, ...LEADS];
    for (let code = 0; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // a lone surrogate half: no cell holds one
      const text = String.fromCharCode(code) + pick(tails);
      expect(startsLikeFormula(text), text).toBe(byRule(text));
      expect(guardCsvText(text), text).toBe(byRule(text.replace(/^'+/, '')) ? `'${text}` : text);
    }
  });
});

describe('plainCell', () => {
  it('numbers stay numbers, negative ones too', () => {
    expect(plainCell(-2)).toBe(-2);
    expect(plainCell(0)).toBe(0);
    expect(plainCell(12.5)).toBe(12.5);
    expect(plainCell(Number.NaN)).toBe('NaN');
  });

  it('never returns an object: exceljs formula/hyperlink/rich-text shapes become inert text', () => {
    expect(typeof plainCell({ formula: 'A1*2' })).toBe('string');
    expect(typeof plainCell({ text: 'x', hyperlink: 'http://x' })).toBe('string');
    expect(plainCell(null)).toBe('');
    expect(plainCell(undefined)).toBe('');
    expect(plainCell('=1')).toBe('=1');
  });
});

describe('the label CSV uses the same rule', () => {
  it('guards every formula-like cell, LF and look-alikes included (its own copy missed LF)', async () => {
    const { formatLabelCsv } = await import('../../../src/labels/formatLabelCsv.js');
    const { parse } = await import('csv-parse/sync');
    const hostile = ['\n=1', '\u3000=cmd', '﹦1', '@x', '-1'];
    const csv = formatLabelCsv([{
      receiptNo: 'R2611250000001', supportId: '300000001', customerName: hostile[0]!, recipientUserId: 'U-1',
      recipientName: hostile[1]!, postalCode: '100-0001', address: hostile[2]!, building: hostile[3]!, phone: hostile[4]!, packs: ['SP-HW-12 HW-1'],
    }]);
    const [, record] = parse(csv.replace(/^\uFEFF/, '')) as string[][];
    expect([record![2], record![4], record![6], record![7], record![8]]).toEqual(hostile.map((h) => `'${h}`));
  });
});
