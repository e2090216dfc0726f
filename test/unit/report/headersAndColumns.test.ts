import { describe, expect, it } from 'vitest';
import { FIELD_KEYS } from '../../../src/domain/fields.js';
import { REJECTS_ERROR_HEADER, RESULT_HEADERS, reportColumnIndexes } from '../../../src/domain/reportColumns.js';
import { headerMeaning } from '../../../src/ingest/headerAliases.js';
import { fieldColumns } from '../../../src/report/fieldColumns.js';
import { STATUS_LABELS, resultHeaders } from '../../../src/report/resultColumns.js';
import { TEMPLATE_COLUMNS } from '../../../src/report/templateColumns.js';
import { reportFormatOf } from '../../../src/report/reportFormatOf.js';

describe('report headers', () => {
  it('the rejects error column never names a known column', () => {
    for (const h of Object.values(REJECTS_ERROR_HEADER)) expect(headerMeaning(h)).toEqual({ kind: 'unknown' });
  });

  it('template headers map back to their keys', () => {
    for (const key of FIELD_KEYS) expect(headerMeaning(TEMPLATE_COLUMNS[key].header)).toEqual({ kind: 'field', key });
  });

  it('result headers are unknown columns too (a report uploaded by mistake is not misread)', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const h of resultHeaders(lang)) expect(headerMeaning(h).kind, h).toBe('unknown');
    }
  });

  it("packreg's own columns are recognised: the error column alone, the result columns only as the whole run", () => {
    const upload = ['サポートID', '型番', 'row', 'status', '行番号'];
    expect([...reportColumnIndexes(upload)]).toEqual([]);
    expect([...reportColumnIndexes([...upload, ...RESULT_HEADERS.ja])].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect([...reportColumnIndexes(['サポートID', REJECTS_ERROR_HEADER.en, '型番'])]).toEqual([1]);
    expect([...reportColumnIndexes([...RESULT_HEADERS.en.slice(0, 3), 'x'])]).toEqual([]);
    // A report of packreg 0.1 (no status value column) is recognised too.
    const earlier = ['行番号', '処理結果', '受付番号', 'サービス終了日(確定)', 'エラーコード', 'エラー内容', '警告コード', '警告内容'];
    expect(reportColumnIndexes(['サポートID', ...earlier]).size).toBe(8);
  });

  it('every status has a label in both languages', () => {
    for (const labels of Object.values(STATUS_LABELS)) {
      expect(labels.ja).not.toBe('');
      expect(labels.en).not.toBe('');
    }
  });
});

describe('fieldColumns', () => {
  it('points fields at the reseller\'s columns, option pairs at options, unknown columns nowhere', () => {
    const map = fieldColumns(['メモ', 'サポートＩＤ', ' pack model ', 'シリアル番号', 'オプション型番1', '数量1', '', '住所']);
    expect(map.get('support_id')).toEqual([1]);
    expect(map.get('pack_model')).toEqual([2]);
    expect(map.get('pack_serial')).toEqual([3]);
    expect(map.get('options')).toEqual([4, 5]);
    expect(map.get('site_address')).toEqual([7]);
    expect(map.has('remarks')).toBe(false);
  });
});

describe('reportFormatOf', () => {
  it('goes by extension, case-insensitively', () => {
    expect(reportFormatOf('/x/r.JSON')).toBe('json');
    expect(reportFormatOf('r.csv')).toBe('csv');
    expect(reportFormatOf('r.xlsx')).toBe('xlsx');
    expect(reportFormatOf('r.xls')).toBeNull();
    expect(reportFormatOf('report')).toBeNull();
  });
});
