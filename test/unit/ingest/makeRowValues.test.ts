import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, type FieldKey } from '../../../src/domain/fields.js';
import { makeRowValues } from '../../../src/ingest/makeRowValues.js';
import { mapHeader } from '../../../src/ingest/mapHeader.js';
import { ingest, tempDir } from './ingestKit.js';

// Every key's column, then two option column pairs: the options cell is merged with them.
const HEADER = [
  'サポートID', '型番', '製品シリアルNo.', '対象製品型番', '対象製品シリアルNo.', 'サービス開始日', 'サービス終了日',
  '設置場所名', '郵便番号', '住所', 'ビル名', '電話番号', 'オプション機器', '機器管理ラベル送付先', '備考',
  'オプション型番1', 'オプション数量1', 'オプション型番2', 'オプション数量2',
];

// Cells that normalise to something else, to the same thing, or not at all; few enough that
// rows repeat the row before's cells often.
const CELL = fc.constantFrom('', ' ', '３０００００００１', '300000001', 'bp-hw-12', 'ＢＰ－ＨＷ－１２', '2026/4/1', '2026-04-01', '令和8年4月1日',
  '〒１００－０００１', '1000001', 'opt-a*2;opt-b', 'OPT-A×2', '2', '髙橋ビル① サーバ室', ' 東京都港区芝5-7-1 ', 'x', 'abc', '03-1234-5678',
  // A date cell too long to be a date (junk up to the cell limit is normalised, not kept).
  `2026/4/1${' '.repeat(3)}${'x'.repeat(60)}`);

describe('makeRowValues', () => {
  it('gives every row the values a builder of its own would give it, whatever the rows before were', () => {
    const mapping = mapHeader(HEADER);
    expect(mapping.optionPairs).toHaveLength(2);
    const row = fc.array(CELL, { minLength: HEADER.length - 3, maxLength: HEADER.length + 1 });
    let repeats = 0;
    fc.assert(fc.property(fc.array(fc.oneof(row, fc.constant(null)), { minLength: 1, maxLength: 30 }), fc.boolean(), (drawn, date1904) => {
      const valuesOf = makeRowValues(mapping, { date1904 });
      let before: string[] | null = null;
      for (const cells of drawn) {
        // null: the row before again (an application's next row), one cell changed.
        const current: string[] = cells ?? (before ? before.map((c, i) => (i === 3 ? `${c}9` : c)) : ['']);
        const values = valuesOf(current);
        const alone = makeRowValues(mapping, { date1904 })(current);
        expect(values).toEqual(alone);
        if (cells === null) repeats += 1;
        before = current;
      }
    }), { numRuns: 500 });
    expect(repeats).toBeGreaterThan(100);
  });

  it('repeated cells of an application come out the same through a real file', async () => {
    const file = tempDir();
    const rows = [
      ['３０００００００１', 'bp-hw-12', 'S1', 'ＰＣ－１', '2026/4/1', '〒１００－０００１', 'opt-a*2;opt-b'],
      ['３０００００００１', 'bp-hw-12', 'S2', 'ＰＣ－１', '2026/4/1', '〒１００－０００１', 'opt-a*2;opt-b'],
      ['300000002', 'BP-HW-12', 'S3', 'PC-2', '2026/4/2', '1000002', ''],
      ['３０００００００１', 'bp-hw-12', 'S4', 'ＰＣ－１', '2026/4/1', '〒１００－０００１', 'opt-a*2;opt-b'],
    ];
    const csv = ['サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日,郵便番号,オプション機器', ...rows.map((r) => r.join(','))].join('\r\n');
    const outcome = await ingest(file('repeats.csv', `${csv}\r\n`));
    const pick = (values: Readonly<Record<FieldKey, string>>) => [values.support_id, values.pack_model, values.product_model, values.service_start, values.site_postal_code, values.options];
    expect(outcome.rows.map((r) => pick(r.values))).toEqual([
      ['300000001', 'BP-HW-12', 'PC-1', '2026-04-01', '100-0001', 'OPT-A*2;OPT-B*1'],
      ['300000001', 'BP-HW-12', 'PC-1', '2026-04-01', '100-0001', 'OPT-A*2;OPT-B*1'],
      ['300000002', 'BP-HW-12', 'PC-2', '2026-04-02', '100-0002', ''],
      ['300000001', 'BP-HW-12', 'PC-1', '2026-04-01', '100-0001', 'OPT-A*2;OPT-B*1'],
    ]);
    // Each row keeps its own echoed cells.
    expect(outcome.rows.map((r) => r.cells[2])).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(FIELD_KEYS.every((key) => typeof outcome.rows[3]!.values[key] === 'string')).toBe(true);
  });
});
