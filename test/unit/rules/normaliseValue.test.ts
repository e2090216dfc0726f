import { describe, expect, it } from 'vitest';
import { normaliseValue } from '../../../src/rules/normaliseValue.js';

describe('normaliseValue', () => {
  it('trims every cell, full-width spaces included', () => {
    expect(normaliseValue('remarks', '\u3000 備考 \u3000')).toBe('備考');
    expect(normaliseValue('support_id', '\u3000300000001 ')).toBe('300000001');
  });

  it('keeps free text as written', () => {
    expect(normaliseValue('site_address', '東京都千代田区丸の内１－２－３')).toBe('東京都千代田区丸の内１－２－３');
    expect(normaliseValue('site_building', '㈱髙島ビル①　１２Ｆ')).toBe('㈱髙島ビル①　１２Ｆ');
    expect(normaliseValue('site_name', 'ﾃｽﾄ〜支店')).toBe('ﾃｽﾄ〜支店');
  });

  it('NFKCs codes, folds dashes, drops inner spaces, upper-cases models and serials', () => {
    expect(normaliseValue('support_id', '３００ ０００ ００１')).toBe('300000001');
    expect(normaliseValue('pack_serial', 'ｓｎ２０２６００４')).toBe('SN2026004');
    expect(normaliseValue('pack_model', 'spk－3y―onsite')).toBe('SPK-3Y-ONSITE');
    for (const dash of ['ー', '−', '‐', '–', '—', 'ｰ', '－']) {
      expect(normaliseValue('product_model', `pc${dash}vk23`)).toBe('PC-VK23');
    }
    expect(normaliseValue('site_phone', '０３ー１２３４ー５６７８')).toBe('03-1234-5678');
    expect(normaliseValue('site_phone', '(03) 1234 5678')).toBe('(03)12345678');
    expect(normaliseValue('label_recipient', 'ｕｓｅｒ０１')).toBe('user01');
  });

  it('formats postal codes with 7 digits and keeps others as written', () => {
    expect(normaliseValue('site_postal_code', '〒１００－０００５')).toBe('100-0005');
    expect(normaliseValue('site_postal_code', '1000005')).toBe('100-0005');
    expect(normaliseValue('site_postal_code', '〒 100 0005')).toBe('100-0005');
    expect(normaliseValue('site_postal_code', '100-00')).toBe('100-00');
    expect(normaliseValue('site_postal_code', '12345678')).toBe('12345678');
  });

  it('normalises dates and keeps unparseable ones raw', () => {
    expect(normaliseValue('service_start', '令和8年4月1日')).toBe('2026-04-01');
    expect(normaliseValue('service_end', ' 2026/4/1 ')).toBe('2026-04-01');
    expect(normaliseValue('service_start', '46113')).toBe('2026-04-01');
    expect(normaliseValue('service_start', '44651', { date1904: true })).toBe('2026-04-01');
    expect(normaliseValue('service_start', '4月1日')).toBe('4月1日');
    expect(normaliseValue('service_start', '2026-02-30')).toBe('2026-02-30');
  });

  it('canonicalises option lists and keeps bad ones NFKC-normalised', () => {
    expect(normaliseValue('options', 'opt－1ｘ２、ＯＰＴ２')).toBe('OPT-1*2;OPT2*1');
    expect(normaliseValue('options', 'マウス,キーボード')).toBe('マウス,キーボード');
    expect(normaliseValue('options', '①無線LANアダプタ')).toBe('1無線LANアダプタ');
  });
});
