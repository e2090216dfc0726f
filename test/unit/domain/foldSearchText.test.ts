import { describe, expect, it } from 'vitest';
import { contractSearchText, foldSearchText } from '../../../src/domain/foldSearchText.js';

/** The support-ID search's folding (issue 20 item 1), one behaviour per case. */
describe('foldSearchText', () => {
  it.each([
    ['full-width Latin and digits', 'ＥＲＰ３００', 'erp300'],
    ['case', 'SAKURA Trading', 'sakuratrading'],
    ['katakana to hiragana', 'サクラ', 'さくら'],
    ['half-width katakana with voiced marks', 'ｶﾌﾞｼｷｶﾞｲｼｬ', 'かぶしきがいしゃ'],
    ['ヴ and small kana', 'ヴァイオ', 'ゔぁいお'],
    ['㈱ spelled out', '㈱さくら', '株式会社さくら'],
    ['(株) spelled out', '(株)さくら', '株式会社さくら'],
    ['full-width (株) spelled out', '（株）さくら', '株式会社さくら'],
    ['㈲ spelled out', '㈲やまだ', '有限会社やまだ'],
    ['white space of every kind removed', '髙橋\u3000商事 株式会社', '髙橋商事株式会社'],
    ['髙 kept (not a compatibility character)', '髙橋', '髙橋'],
    ['① becomes 1', '①ビル', '1びる'],
  ])('%s', (_, input, folded) => {
    expect(foldSearchText(input)).toBe(folded);
  });

  it('folds 株式会社, ㈱ and (株) to one text, so each finds the others', () => {
    const forms = ['株式会社さくら', '㈱さくら', '(株)サクラ', '（株）ｻｸﾗ'].map(foldSearchText);
    expect(new Set(forms).size).toBe(1);
  });

  it('separates the fields of a contract so that no query spans two', () => {
    const text = contractSearchText({ support_id: '300000001', customer_name: 'ABC', system_name: 'DEF' });
    expect(text).toBe('300000001 abc def');
    expect(text.includes(foldSearchText('abc def'))).toBe(false);
  });
});
