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
