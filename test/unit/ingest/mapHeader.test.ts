import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../../src/ingest/mapHeader.js';
import { normaliseHeader } from '../../../src/ingest/headerAliases.js';
import { HEADER_EN, HEADER_JA, ingest, tempDir } from './ingestKit.js';

const file = tempDir();
const ROW = '300000001,SPK-1,SN1,PC-1,2026/4/1';

function thrown(fn: () => unknown): { code?: string; params?: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; params?: Record<string, unknown> };
  }
  return {};
}

describe('mapHeader', () => {
  it('matches Japanese and English aliases after NFKC, trim, inner spaces and case folding', () => {
    expect(normaliseHeader(' Support　ＩＤ ')).toBe('supportid');
    const mapping = mapHeader(['サポートＩＤ', ' PACK  MODEL ', 'シリアル番号', 'Product Model', 'サービス開始日', '号機番号', '住所', 'Label Recipient']);
    expect(mapping.columns).toEqual({
      support_id: 'サポートＩＤ',
      pack_model: 'PACK  MODEL',
      pack_serial: 'シリアル番号',
      product_model: 'Product Model',
      product_serial: '号機番号',
      service_start: 'サービス開始日',
      site_address: '住所',
      label_recipient: 'Label Recipient',
    });
    expect(mapping.unknownColumns).toEqual([]);
  });

  it('keeps unknown columns with a warning; __proto__ and constructor are just unknown', () => {
    const mapping = mapHeader([...HEADER_EN.split(','), '__proto__', 'constructor', '担当者', '担当者', '']);
    expect(mapping.unknownColumns).toEqual(['__proto__', 'constructor', '担当者', '担当者']);
    expect(mapping.fileWarnings).toContainEqual({ code: 'UNKNOWN_COLUMN', params: { column: '__proto__' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(mapping.columns)).toBe(Object.prototype);
  });

  it('two headers for one key → HEADER_DUPLICATE_COLUMN', () => {
    const error = thrown(() => mapHeader([...HEADER_JA.split(','), 'サポートパック型番']));
    expect(error.code).toBe('HEADER_DUPLICATE_COLUMN');
    expect(error.params).toMatchObject({ columns: ['pack_model'], headers: ['型番', 'サポートパック型番'] });
  });

  it('missing required columns → HEADER_MISSING_COLUMNS naming the keys', () => {
    const error = thrown(() => mapHeader(['サポートID', '型番', '住所', '備考']));
    expect(error).toMatchObject({ code: 'HEADER_MISSING_COLUMNS', params: { columns: ['pack_serial', 'product_model', 'service_start'] } });
  });

  it('maps option column pairs under options', () => {
    const mapping = mapHeader([...HEADER_JA.split(','), 'オプション型番1', '数量1', 'Option Model 2', 'option qty 2']);
    expect(mapping.optionPairs).toEqual([{ n: 1, model: 5, qty: 6 }, { n: 2, model: 7, qty: 8 }]);
    expect(mapping.columns.options).toBe('オプション型番1, 数量1, Option Model 2, option qty 2');
    expect(thrown(() => mapHeader([...HEADER_JA.split(','), '数量1', '数量１'])).code).toBe('HEADER_DUPLICATE_COLUMN');
  });
});

describe('header detection and row mapping through the ingest', () => {
  it('finds the header under title rows and numbers rows as Excel does', async () => {
    const text = `サポートパック登録申請書,,,\n販売店: テスト,,,\n\n${HEADER_JA},備考,__proto__\n\n${ROW},メモ,x\n`;
    const out = await ingest(file('title-rows-above-header.csv', text));
    expect(out.facts).toMatchObject({ headerRow: 4, unknownColumns: ['__proto__'] });
    expect(out.facts?.fileWarnings).toEqual([{ code: 'UNKNOWN_COLUMN', params: { column: '__proto__' } }]);
    expect(out.rows).toHaveLength(1);
    expect(out.rows[0]).toMatchObject({ sheet: null, row: 6, cells: ['300000001', 'SPK-1', 'SN1', 'PC-1', '2026/4/1', 'メモ', 'x'] });
    expect(out.rows[0]?.values).toMatchObject({ service_start: '2026-04-01', remarks: 'メモ', site_address: '' });
  });

  it('a header below row 10 is not found', async () => {
    const out = await ingest(file('header-row-11.csv', `${'title\n'.repeat(10)}${HEADER_JA}\n${ROW}\n`));
    expect(out.code).toBe('HEADER_NOT_FOUND');
    const ok = await ingest(file('header-row-10.csv', `${'title\n'.repeat(9)}${HEADER_JA}\n${ROW}\n`));
    expect(ok.facts?.headerRow).toBe(10);
  });

  it('merges option pairs into options as MODEL*QTY', async () => {
    const text = `${HEADER_JA},オプション機器,オプション型番1,数量1,オプション型番2,数量2\n${ROW},opt-a,ＯＰＴ－Ｂ,２,opt-c,\n${ROW},,,,,\n`;
    const out = await ingest(file('option-pairs.csv', text));
    expect(out.rows.map((r) => r.values.options)).toEqual(['OPT-A*1;OPT-B*2;OPT-C*1', '']);
  });

  it('a header and no data rows → FILE_EMPTY (blank rows do not count)', async () => {
    expect((await ingest(file('header-only.csv', `${HEADER_JA}\n,,,,\n\n`))).code).toBe('FILE_EMPTY');
  });
});
