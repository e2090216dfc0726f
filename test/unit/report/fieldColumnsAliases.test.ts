import { describe, expect, it } from 'vitest';
import { fieldColumns } from '../../../src/report/fieldColumns.js';

describe('fieldColumns with a reseller\'s saved headers', () => {
  it('points a finding at the column a saved alias mapped (XLSX report, rejects file)', () => {
    const headers = ['契約番号', 'S/N', '型番', '備考'];
    expect(fieldColumns(headers).get('pack_serial')).toBeUndefined();
    const columns = fieldColumns(headers, { 'S/N': 'pack_serial', 契約番号: 'support_id' });
    expect(columns.get('pack_serial')).toEqual([1]);
    expect(columns.get('support_id')).toEqual([0]);
    expect(columns.get('pack_model')).toEqual([2]);
  });
});
