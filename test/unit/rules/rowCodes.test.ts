import { describe, expect, test } from 'vitest';
import { LANGS } from '../../../src/domain/lang.js';
import { END_CLAMPED_ALERT_JA, isError, renderFinding, ROW_CODES, rowFinding, type RowCode } from '../../../src/domain/rowCodes.js';

const CODES = Object.keys(ROW_CODES) as RowCode[];

// SPEC §4 errors and warnings, §5 held codes, §3 file warning: the catalog must hold exactly these.
const SPEC_ERRORS = [
  'REQUIRED', 'TEXT_TOO_LONG', 'TEXT_INVALID', 'DATE_FORMAT', 'SUPPORT_ID_FORMAT', 'SUPPORT_ID_UNKNOWN',
  'CONTRACT_INACTIVE', 'PACK_MODEL_UNKNOWN', 'PACK_SERIAL_UNKNOWN', 'PACK_SERIAL_MODEL_MISMATCH',
  'PACK_SERIAL_REGISTERED', 'PACK_SERIAL_DUPLICATE', 'PRODUCT_UNKNOWN', 'PRODUCT_NOT_ELIGIBLE',
  'PRODUCT_END_OF_SUPPORT', 'SERVICE_START_RANGE', 'SERVICE_END_RANGE', 'POSTAL_CODE_FORMAT', 'PHONE_FORMAT',
  'OPTIONS_FORMAT', 'OPTIONS_QUANTITY', 'OPTIONS_NOT_ALLOWED', 'LABEL_RECIPIENT_UNKNOWN', 'LABEL_RECIPIENT_ROLE',
  'LABEL_RECIPIENT_CONFLICT', 'APPLICATION_HELD', 'FILE_HELD',
];
const SPEC_WARNINGS = ['END_CLAMPED', 'ADDRESS_NO_NUMBER', 'MANUAL_REVIEW', 'UNKNOWN_COLUMN'];
/**
 * Codes the SPEC's list does not name yet, each for a behaviour the SPEC does describe:
 * IMPORT_CANCELLED holds the rows a cancelled import did not commit (SPEC §7 `imports cancel`;
 * docs/cancel-and-plans.md). Adding to this list is a SPEC gap to report, never a silent change.
 */
const EXTENSION_ERRORS = ['IMPORT_CANCELLED'];

/** One set of params for every code: each template picks what it needs. */
const SAMPLE = {
  value: 'VAL-7Q',
  supportId: '398765432',
  columns: ['列XYZ'],
  packModel: 'SPK-HW-1Y',
  issuedModel: 'SPK-HW-3Y',
  receiptNo: 'R2611250000123',
  count: 2,
  rows: [3, 9],
  recipients: ['U-A', 'U-B'],
  role: 'member',
  status: 'expired',
  endOfSupport: '2026-09-30',
  earliest: '2025-12-15',
  latest: '2027-03-15',
  start: '2026-04-01',
  requested: '2027-03-31',
  length: 201,
  max: 200,
  char: 'U+0007',
  position: 4,
};

describe('the row-code catalog', () => {
  test('holds exactly the SPEC codes (and the documented extensions), with the SPEC severities', () => {
    expect(CODES.sort()).toEqual([...SPEC_ERRORS, ...EXTENSION_ERRORS, ...SPEC_WARNINGS].sort());
    for (const code of [...SPEC_ERRORS, ...EXTENSION_ERRORS]) expect(isError(code), code).toBe(true);
    for (const code of SPEC_WARNINGS) expect(isError(code), code).toBe(false);
  });

  test('an unknown code counts as an error and renders as itself', () => {
    expect(isError('NO_SUCH_CODE')).toBe(true);
    expect(renderFinding({ code: 'NO_SUCH_CODE', field: null, params: {} }, 'en')).toEqual({ code: 'NO_SUCH_CODE', field: null, message: 'NO_SUCH_CODE' });
  });

  test.each(CODES)('%s has ja and en messages naming the offending value', (code) => {
    const entry = ROW_CODES[code];
    const field = entry.field ?? 'pack_serial';
    for (const lang of LANGS) {
      const { message } = renderFinding(rowFinding(code, SAMPLE, field), lang);
      expect(message.length, `${code} ${lang}`).toBeGreaterThan(20);
      expect(message).not.toContain('undefined');
      expect(message).not.toContain('[object');
      if (entry.subject) {
        const subject = SAMPLE[entry.subject as keyof typeof SAMPLE];
        expect(message, `${code} ${lang}`).toContain(Array.isArray(subject) ? String(subject[0]) : String(subject));
      }
    }
  });

  test('no two codes share a message, in either language', () => {
    for (const lang of LANGS) {
      const messages = CODES.map((code) => renderFinding(rowFinding(code, SAMPLE, ROW_CODES[code].field ?? 'pack_serial'), lang).message);
      expect(new Set(messages).size).toBe(CODES.length);
    }
  });

  test('messages name the field of the finding', () => {
    expect(renderFinding(rowFinding('REQUIRED', {}, 'service_start'), 'ja').message).toContain('サービス開始日');
    expect(renderFinding(rowFinding('DATE_FORMAT', { value: 'x' }, 'service_end'), 'en').message).toContain('service end');
    expect(renderFinding(rowFinding('REQUIRED', {}, 'label_recipient'), 'en')).toMatchObject({ code: 'REQUIRED', field: 'label_recipient' });
  });

  test('END_CLAMPED says the new date, then the portal’s alert verbatim', () => {
    const { message } = renderFinding(rowFinding('END_CLAMPED', { value: '2027-03-31', requested: '2028-03-31' }), 'ja');
    expect(message).toBe('サービス終了日を 2027-03-31 に変更しました。ご指定のサポート対象は、製品サポートの終了が予定されているため、上記日付までのサポートとなります。');
    expect(END_CLAMPED_ALERT_JA).toBe('ご指定のサポート対象は、製品サポートの終了が予定されているため、上記日付までのサポートとなります。');
    expect(renderFinding(rowFinding('END_CLAMPED', { value: '2027-03-31' }), 'en').message).toContain('2027-03-31');
  });

  test('quoted values are made safe: control characters visible, long text cut', () => {
    const control = renderFinding(rowFinding('TEXT_INVALID', { value: 'AB\u0000C', char: 'U+0000', position: 3 }, 'pack_serial'), 'en').message;
    expect(control).not.toMatch(/\u0000/);
    expect(control).toContain('AB\\u0000C');
    const long = renderFinding(rowFinding('TEXT_TOO_LONG', { value: 'あ'.repeat(300), length: 300, max: 200 }, 'remarks'), 'ja').message;
    expect(long.length).toBeLessThan(150);
    expect(long).toContain('300');
  });

  test('PACK_SERIAL_REGISTERED names no receipt, support ID or reseller, and asks for none (SPEC §5)', () => {
    for (const lang of LANGS) {
      const { message } = renderFinding(rowFinding('PACK_SERIAL_REGISTERED', { ...SAMPLE, reseller: 'RS009' }), lang);
      for (const secret of [SAMPLE.receiptNo, SAMPLE.supportId, 'RS009']) expect(message, lang).not.toContain(secret);
      expect(message, lang).not.toMatch(/受付番号|receipt/i);
    }
  });

  test('the default field comes from the catalog', () => {
    expect(rowFinding('SUPPORT_ID_FORMAT', { value: '1' }).field).toBe('support_id');
    expect(rowFinding('APPLICATION_HELD', { supportId: '312345678' }).field).toBeNull();
    expect(rowFinding('END_CLAMPED', { value: '2027-03-31' }).field).toBe('service_end');
  });
});
