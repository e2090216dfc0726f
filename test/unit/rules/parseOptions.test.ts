import { describe, expect, it } from 'vitest';
import { formatOptions, parseOptions } from '../../../src/rules/parseOptions.js';

describe('parseOptions', () => {
  it.each([
    ['', []],
    ['OPT-1', [['OPT-1', 1]]],
    ['OPT-1*2', [['OPT-1', 2]]],
    ['opt-1x3', [['OPT-1', 3]]],
    ['OPT-1×4', [['OPT-1', 4]]],
    ['OPT-1 * 5', [['OPT-1', 5]]],
    ['LAN-X2', [['LAN-X2', 1]]],
    ['box', [['BOX', 1]]],
    ['A*1;B*2', [['A', 1], ['B', 2]]],
    ['A*1、B*2', [['A', 1], ['B', 2]]],
    ['A*1,B*2,', [['A', 1], ['B', 2]]],
    ['A*1\nB*2\r\nC', [['A', 1], ['B', 2], ['C', 1]]],
    ['A*99', [['A', 99]]],
  ])('%j', (text, expected) => {
    const result = parseOptions(text);
    expect(result).toEqual({ ok: true, entries: expected.map(([model, quantity]) => ({ model, quantity })) });
  });

  it.each([
    ['A*0', 'OPTIONS_QUANTITY', 'A*0'],
    ['A*100', 'OPTIONS_QUANTITY', 'A*100'],
    ['A*1.5', 'OPTIONS_QUANTITY', 'A*1.5'],
    ['A*-1', 'OPTIONS_QUANTITY', 'A*-1'],
    ['B;A*two', 'OPTIONS_FORMAT', 'A*two'],
    ['A*', 'OPTIONS_FORMAT', 'A*'],
    ['無線LANアダプタ', 'OPTIONS_FORMAT', '無線LANアダプタ'],
    ['A_B', 'OPTIONS_FORMAT', 'A_B'],
    ['*2', 'OPTIONS_FORMAT', '*2'],
  ])('%j → %s', (text, code, entry) => {
    expect(parseOptions(text)).toEqual({ ok: false, code, entry });
  });

  it('formats entries canonically', () => {
    expect(formatOptions([{ model: 'A', quantity: 1 }, { model: 'B-2', quantity: 10 }])).toBe('A*1;B-2*10');
  });
});

describe('parseOptions keeps its last answer', () => {
  it('answers each text for itself whatever was parsed before, and its answers cannot be changed', () => {
    const texts = ['A*2;B', 'A*0', '', 'A*2;B', 'A*2;B', 'C', 'A*0', ''];
    const fresh = (text: string) => {
      // What the parse gives with no answer kept: a different text first clears the last one.
      parseOptions('Z-UNUSED*1');
      return parseOptions(text);
    };
    for (const text of texts) {
      const expected = fresh(text);
      const result = parseOptions(text);
      expect(result).toEqual(expected);
      expect(parseOptions(text)).toBe(result);
      expect(Object.isFrozen(result)).toBe(true);
      if (result.ok) {
        expect(Object.isFrozen(result.entries)).toBe(true);
        expect(result.entries.every((e) => Object.isFrozen(e))).toBe(true);
      }
    }
    expect(parseOptions('A*2;B')).toEqual({ ok: true, entries: [{ model: 'A', quantity: 2 }, { model: 'B', quantity: 1 }] });
    expect(parseOptions('A*0')).toEqual({ ok: false, code: 'OPTIONS_QUANTITY', entry: 'A*0' });
  });
});
