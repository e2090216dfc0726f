import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FIELD_KEYS, type FieldKey } from '../../../src/domain/fields.js';
import { checkRowAlone, findingsBySchema } from '../../../src/rules/checkRowAlone.js';
import { makeRow, VALID_VALUES } from '../../helpers/makeRow.js';

type Values = Partial<Record<FieldKey, string>>;
const codes = (values: Values) => checkRowAlone(makeRow(values)).map((f) => [f.code, f.field]);

describe('checkRowAlone', () => {
  test('the helper row is valid', () => {
    expect(checkRowAlone(makeRow())).toEqual([]);
  });

  // [code, field, a row that triggers it, a near-identical row that does not]
  const cases: [string, FieldKey, Values, Values][] = [
    ['REQUIRED', 'support_id', { support_id: '' }, { support_id: '300000001' }],
    ['REQUIRED', 'pack_model', { pack_model: '' }, { pack_model: 'X' }],
    ['REQUIRED', 'pack_serial', { pack_serial: '' }, { pack_serial: '1' }],
    ['REQUIRED', 'product_model', { product_model: '' }, { product_model: 'P' }],
    ['REQUIRED', 'service_start', { service_start: '' }, { service_start: '2026-04-02' }],
    ['TEXT_TOO_LONG', 'site_name', { site_name: 'あ'.repeat(201) }, { site_name: 'あ'.repeat(200) }],
    // 200 characters outside the BMP are 400 UTF-16 units: still 200 characters.
    ['TEXT_TOO_LONG', 'remarks', { remarks: '𠮷'.repeat(201) }, { remarks: '𠮷'.repeat(200) }],
    ['TEXT_TOO_LONG', 'pack_serial', { pack_serial: '9'.repeat(201) }, { pack_serial: '9'.repeat(200) }],
    ['TEXT_INVALID', 'pack_serial', { pack_serial: 'PS\u00001' }, { pack_serial: 'PS01' }],
    ['TEXT_INVALID', 'site_name', { site_name: '本社\u0007' }, { site_name: '本社\tサーバ室\r\n2F' }],
    ['TEXT_INVALID', 'label_recipient', { label_recipient: 'U-ADMIN1\n' }, { label_recipient: 'U-ADMIN1' }],
    ['TEXT_INVALID', 'remarks', { remarks: 'a\u0085b' }, { remarks: 'a\nb' }],
    ['TEXT_INVALID', 'site_address', { site_address: '東京都港区芝5-7-1\ud800' }, { site_address: '東京都港区芝5-7-1𠮷' }],
    ['TEXT_INVALID', 'options', { options: 'N8103-123\tN8150-45' }, { options: 'N8103-123\r\nN8150-45' }],
    ['SUPPORT_ID_FORMAT', 'support_id', { support_id: '12345' }, { support_id: '312345679' }],
    ['SUPPORT_ID_FORMAT', 'support_id', { support_id: '212345678' }, { support_id: '399999999' }],
    ['SUPPORT_ID_FORMAT', 'support_id', { support_id: '3123456789' }, { support_id: '312345678' }],
    ['DATE_FORMAT', 'service_start', { service_start: '4月1日' }, { service_start: '2026-04-01' }],
    ['DATE_FORMAT', 'service_start', { service_start: '2026-02-30' }, { service_start: '2026-02-28' }],
    ['DATE_FORMAT', 'service_end', { service_end: '2027-02-29' }, { service_end: '2028-02-29' }],
    ['DATE_FORMAT', 'service_end', { service_end: '2027/3/31' }, { service_end: '' }],
    ['POSTAL_CODE_FORMAT', 'site_postal_code', { site_postal_code: '105-001' }, { site_postal_code: '105-0014' }],
    ['POSTAL_CODE_FORMAT', 'site_postal_code', { site_postal_code: '105-00145' }, { site_postal_code: '' }],
    ['PHONE_FORMAT', 'site_phone', { site_phone: '03-1234-567' }, { site_phone: '(03) 1234 5678' }],
    ['PHONE_FORMAT', 'site_phone', { site_phone: '090-1234-56789' }, { site_phone: '090-1234-5678' }],
    ['PHONE_FORMAT', 'site_phone', { site_phone: '03-1234-567X' }, { site_phone: '' }],
    ['OPTIONS_FORMAT', 'options', { options: 'N8103-123*2;N8103/45' }, { options: 'N8103-123*2;N8103-45' }],
    ['OPTIONS_QUANTITY', 'options', { options: 'N8103-123*100' }, { options: 'N8103-123*99' }],
    ['OPTIONS_QUANTITY', 'options', { options: 'N8103-123*0' }, { options: 'N8103-123' }],
    ['ADDRESS_NO_NUMBER', 'site_address', { site_address: '東京都港区芝' }, { site_address: '東京都港区芝5-7-1' }],
    ['ADDRESS_NO_NUMBER', 'site_address', { site_address: '東京都千代田区一番町' }, { site_address: '東京都千代田区一番町２３' }],
    ['ADDRESS_NO_NUMBER', 'site_address', { site_address: '大阪府大阪市北区梅田' }, { site_address: '大阪府大阪市北区梅田一丁目2番3号' }],
  ];

  test.each(cases)('%s on %s: %j fires, %j does not', (code, field, bad, good) => {
    expect(codes(bad)).toEqual([[code, field]]);
    expect(codes(good)).toEqual([]);
  });

  test('a blank address is not ADDRESS_NO_NUMBER (whether it is required is pass 2’s call)', () => {
    expect(codes({ site_address: '' })).toEqual([]);
  });

  test('conditional fields and malformed models are left to pass 2', () => {
    expect(codes({ product_serial: '', site_postal_code: '', site_address: '', label_recipient: '' })).toEqual([]);
    expect(codes({ pack_model: 'SPK/HW', product_model: 'EXP 320' })).toEqual([]);
  });

  test('one finding per field: a control character hides the format error', () => {
    expect(codes({ support_id: '12\u0000' })).toEqual([['TEXT_INVALID', 'support_id']]);
    expect(codes({ support_id: '3'.repeat(201) })).toEqual([['TEXT_TOO_LONG', 'support_id']]);
  });

  test('findings come in field order, one per bad field', () => {
    const found = codes({ options: 'A*0', support_id: '1', site_phone: '1', service_start: '' });
    expect(found).toEqual([
      ['SUPPORT_ID_FORMAT', 'support_id'],
      ['REQUIRED', 'service_start'],
      ['PHONE_FORMAT', 'site_phone'],
      ['OPTIONS_QUANTITY', 'options'],
    ]);
  });

  test('params name the offending value', () => {
    const [support] = checkRowAlone(makeRow({ support_id: '12345' }));
    expect(support?.params).toMatchObject({ value: '12345' });
    const [option] = checkRowAlone(makeRow({ options: 'N8103-123*2;N8103-45*100' }));
    expect(option?.params).toMatchObject({ value: 'N8103-45*100' });
    const [control] = checkRowAlone(makeRow({ pack_serial: 'PS\u00001' }));
    expect(control?.params).toMatchObject({ char: 'U+0000', position: 3 });
    const [long] = checkRowAlone(makeRow({ remarks: '𠮷'.repeat(201) }));
    expect(long?.params).toMatchObject({ length: 201, max: 200 });
  });

  test('a value missing from `values` counts as blank and never throws', () => {
    const row = makeRow();
    const { support_id: _, ...rest } = row.values;
    expect(checkRowAlone({ ...row, values: rest as typeof row.values }).map((f) => f.code)).toEqual(['REQUIRED']);
  });

  test('a row every check passes skips the schema: the answer is the schema\'s, for any mix of good and bad cells', () => {
    // Per field: its valid value, blank, and values that each fail one check (or pass a check
    // near its edge), so that rows pass, fail one field or fail several.
    const edges = ['', ' ', 'a\u0000b', 'x\ty', 'a\r\nb', '\ud800', '𠮷'.repeat(200), '𠮷'.repeat(201), 'あ'.repeat(201),
      '312345678', '3123456789', '2026-02-28', '2026-02-30', '2026/3/1', '105-0014', '1050014', '03-1234-5678', '03-1234-567',
      '東京都港区芝5-7-1', '東京都港区芝', 'N8103-123*2;N8150-45', 'A*0', 'A*100', 'A;;B', 'U-ADMIN1'];
    const cell = (field: FieldKey) => fc.oneof(
      { weight: 6, arbitrary: fc.constant<string | undefined>(VALID_VALUES[field]) },
      { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...edges) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const values = fc.record(Object.fromEntries(FIELD_KEYS.map((f) => [f, cell(f)])) as Record<FieldKey, fc.Arbitrary<string | undefined>>);
    let valid = 0;
    fc.assert(fc.property(values, (drawn) => {
      const row = { ...makeRow(), values: Object.fromEntries(Object.entries(drawn).filter(([, v]) => v !== undefined)) as Record<FieldKey, string> };
      const bySchema = findingsBySchema(row);
      if (bySchema.length === 0) valid += 1;
      expect(checkRowAlone(row)).toEqual(bySchema);
    }), { numRuns: 3_000 });
    // Both paths were taken.
    expect(valid).toBeGreaterThan(20);
    expect(valid).toBeLessThan(3_000);
  });
});
