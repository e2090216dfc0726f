import { describe, expect, it } from 'vitest';
import type { FieldKey } from '../../../src/domain/fields.js';
import { checkReferences, type DateRules } from '../../../src/rules/checkReferences.js';
import type { ExistingRegistration, PackModelRef, ReferenceLookups } from '../../../src/rules/lookupReferences.js';
import { makeRow } from '../../helpers/makeRow.js';

/**
 * Pass 2, one code at a time: a row that triggers it and a near-identical row that does not.
 * The lookups are what `lookupReferences` returns for a batch (maps keyed by the batch's values).
 */
const HW: PackModelRef = {
  model: 'SPK-HW-1Y', category: 'hardware', termMonths: 12, requiresSite: true, requiresLabel: true,
  optionsAllowed: true, manualReview: false, eligibleProducts: ['EXP3*', 'NX-1'],
};
const SW: PackModelRef = { ...HW, model: 'SPK-SW-1Y', category: 'software', requiresSite: false, requiresLabel: false, optionsAllowed: false };
const NX: PackModelRef = { ...HW, model: 'SPK-NX-1Y', manualReview: true, eligibleProducts: ['NX-1'] };

function lookups(change: Partial<{ [K in keyof ReferenceLookups]: ReferenceLookups[K] }> = {}): ReferenceLookups {
  return {
    contracts: new Map([
      ['312345678', { resellerCode: 'RS001', status: 'active' as const }],
      ['312345679', { resellerCode: 'RS001', status: 'expired' as const }],
      ['399999999', { resellerCode: 'RS002', status: 'active' as const }],
    ]),
    packModels: new Map([[HW.model, HW], [SW.model, SW], [NX.model, NX]]),
    serials: new Map([['PS00000001', HW.model], ['PS00000002', SW.model], ['PS00000003', NX.model]]),
    products: new Map<string, string | null>([['EXP320A', null], ['EXP399', '2026-12-31'], ['NX-1', null], ['OTHER-1', null]]),
    users: new Map([['312345678', new Map([['U-ADMIN1', 'admin'], ['U-DEP1', 'deputy'], ['U-MEM1', 'member']])]]),
    registrations: new Map<string, ExistingRegistration>(),
    ...change,
  };
}

const DATES: DateRules = { today: '2026-03-15', daysBefore: 90, daysAfter: 365 };

const judge = (values: Partial<Record<FieldKey, string>>, refs = lookups()) =>
  checkReferences(makeRow(values), [], refs, 'RS001', DATES);
const codes = (values: Partial<Record<FieldKey, string>>, refs = lookups()) =>
  judge(values, refs).findings.map((f) => `${f.code}:${f.field ?? ''}`);

describe('pass 2 (reference data), one code at a time', () => {
  it('the baseline row is valid with no findings', () => {
    const verdict = judge({});
    expect(verdict.status).toBe('valid');
    expect(verdict.findings).toEqual([]);
    expect(verdict.serviceEnd).toBe('2027-03-31');
    expect(verdict.needsLabel).toBe(true);
  });

  const cases: Array<[string, Partial<Record<FieldKey, string>>, Partial<Record<FieldKey, string>>, string]> = [
    ['SUPPORT_ID_UNKNOWN (no such ID)', { support_id: '300000000' }, { support_id: '312345678' }, 'SUPPORT_ID_UNKNOWN:support_id'],
    ['SUPPORT_ID_UNKNOWN (another reseller)', { support_id: '399999999' }, { support_id: '312345678' }, 'SUPPORT_ID_UNKNOWN:support_id'],
    ['CONTRACT_INACTIVE', { support_id: '312345679', label_recipient: '' }, { support_id: '312345678', label_recipient: '' }, 'CONTRACT_INACTIVE:support_id'],
    ['PACK_MODEL_UNKNOWN', { pack_model: 'SPK-XX-1Y' }, { pack_model: 'SPK-HW-1Y' }, 'PACK_MODEL_UNKNOWN:pack_model'],
    ['PACK_SERIAL_UNKNOWN', { pack_serial: 'PS99999999' }, { pack_serial: 'PS00000001' }, 'PACK_SERIAL_UNKNOWN:pack_serial'],
    ['PACK_SERIAL_MODEL_MISMATCH', { pack_serial: 'PS00000002' }, { pack_serial: 'PS00000001' }, 'PACK_SERIAL_MODEL_MISMATCH:pack_serial'],
    ['PRODUCT_UNKNOWN', { product_model: 'NOPE-1' }, { product_model: 'EXP320A' }, 'PRODUCT_UNKNOWN:product_model'],
    ['PRODUCT_NOT_ELIGIBLE', { product_model: 'OTHER-1' }, { product_model: 'EXP320A' }, 'PRODUCT_NOT_ELIGIBLE:product_model'],
    ['PRODUCT_END_OF_SUPPORT', { product_model: 'EXP399', service_start: '2027-01-01', service_end: '' }, { product_model: 'EXP399', service_start: '2026-12-31', service_end: '' }, 'PRODUCT_END_OF_SUPPORT:service_start'],
    ['SERVICE_START_RANGE', { service_start: '2025-12-14', service_end: '' }, { service_start: '2025-12-15', service_end: '' }, 'SERVICE_START_RANGE:service_start'],
    ['SERVICE_END_RANGE', { service_end: '2027-04-01' }, { service_end: '2027-03-31' }, 'SERVICE_END_RANGE:service_end'],
    ['REQUIRED product serial (hardware)', { product_serial: '' }, { product_serial: 'SN-1' }, 'REQUIRED:product_serial'],
    ['REQUIRED postal code (site)', { site_postal_code: '' }, { site_postal_code: '105-0014' }, 'REQUIRED:site_postal_code'],
    ['REQUIRED address (site)', { site_address: '' }, { site_address: '東京都港区芝5-7-1' }, 'REQUIRED:site_address'],
    ['LABEL_RECIPIENT_UNKNOWN', { label_recipient: 'U-NOBODY' }, { label_recipient: 'U-ADMIN1' }, 'LABEL_RECIPIENT_UNKNOWN:label_recipient'],
    ['LABEL_RECIPIENT_ROLE', { label_recipient: 'U-MEM1' }, { label_recipient: 'U-DEP1' }, 'LABEL_RECIPIENT_ROLE:label_recipient'],
    ['OPTIONS_NOT_ALLOWED', { pack_model: 'SPK-SW-1Y', pack_serial: 'PS00000002', options: 'N8103-1', label_recipient: '' }, { pack_model: 'SPK-SW-1Y', pack_serial: 'PS00000002', options: '', label_recipient: '' }, 'OPTIONS_NOT_ALLOWED:options'],
    ['OPTIONS_QUANTITY (one model listed twice, over 99 in all)', { options: 'N8103-1*60;N8103-1*40' }, { options: 'N8103-1*60;N8103-1*39' }, 'OPTIONS_QUANTITY:options'],
  ];

  for (const [name, bad, good, expected] of cases) {
    it(name, () => {
      expect(codes(bad)).toContain(expected);
      expect(judge(bad).status).toBe('rejected');
      expect(codes(good)).not.toContain(expected);
      expect(judge(good).findings.filter((f) => f.code === expected.split(':')[0]).length).toBe(0);
    });
  }

  it('END_CLAMPED (warning): the end is cut back to the product end of support, row stays valid', () => {
    const clamped = judge({ product_model: 'EXP399', service_end: '' });
    expect(clamped.status).toBe('valid');
    expect(codes({ product_model: 'EXP399', service_end: '' })).toEqual(['END_CLAMPED:service_end']);
    expect(clamped.serviceEnd).toBe('2026-12-31');
    expect(clamped.endClamped).toBe(true);
    expect(judge({ product_model: 'EXP320A', service_end: '' }).endClamped).toBe(false);
  });

  it('MANUAL_REVIEW (warning) for packs that need review', () => {
    expect(codes({ pack_model: 'SPK-NX-1Y', pack_serial: 'PS00000003', product_model: 'NX-1' })).toEqual(['MANUAL_REVIEW:pack_model']);
    expect(judge({ pack_model: 'SPK-NX-1Y', pack_serial: 'PS00000003', product_model: 'NX-1' }).manualReview).toBe(true);
    expect(codes({})).not.toContain('MANUAL_REVIEW:pack_model');
  });

  it('a label recipient is not required in pass 2 (a blank may be inherited in pass 3)', () => {
    expect(judge({ label_recipient: '' }).status).toBe('valid');
  });

  describe('a serial registered before', () => {
    const existing = (change: Partial<ExistingRegistration> = {}): ReferenceLookups =>
      lookups({
        registrations: new Map([['PS00000001', {
          supportId: '312345678', packModel: 'SPK-HW-1Y', productModel: 'EXP320A',
          serviceStart: '2026-04-01', serviceEnd: '2027-03-31', receiptNo: 'R2603150000001', ...change,
        }]]),
      });

    it('with the same data is already_registered under its receipt (site and options not compared)', () => {
      const v = judge({ site_address: '別の住所1-1', options: '' }, existing());
      expect(v.status).toBe('already_registered');
      expect(v.receiptNo).toBe('R2603150000001');
    });

    it('with the same data stays already_registered even when the start is now out of range', () => {
      const later = checkReferences(makeRow({}), [], existing(), 'RS001', { ...DATES, today: '2027-01-15' });
      expect(later.status).toBe('already_registered');
    });

    it('with other data or under another support ID is PACK_SERIAL_REGISTERED, without the receipt', () => {
      const v = judge({}, existing({ supportId: '312345600' }));
      expect(v.status).toBe('rejected');
      expect(v.findings.map((f) => f.code)).toContain('PACK_SERIAL_REGISTERED');
      expect(v.receiptNo).toBeNull();
      expect(judge({ service_start: '2026-04-02', service_end: '' }, existing()).findings.map((f) => f.code)).toContain('PACK_SERIAL_REGISTERED');
    });
  });

  describe('ownership comes first (SPEC §5)', () => {
    // RS002 sends RS001's row exactly as RS001 registered it: the same data, RS001's support ID.
    const registeredByRs001 = (supportId: string): ReferenceLookups =>
      lookups({
        registrations: new Map([['PS00000001', {
          supportId, packModel: 'SPK-HW-1Y', productModel: 'EXP320A',
          serviceStart: '2026-04-01', serviceEnd: '2027-03-31', receiptNo: 'R2603150000001',
        }]]),
      });
    const asRs002 = (supportId: string) =>
      checkReferences(makeRow({ support_id: supportId }), [], registeredByRs001('312345678'), 'RS002', DATES);

    it("another reseller's registration with the same data is SUPPORT_ID_UNKNOWN, never already_registered", () => {
      const theirs = asRs002('312345678');
      expect(theirs.status).toBe('rejected');
      expect(theirs.receiptNo).toBeNull();
      expect(theirs.findings.map((f) => f.code)).toEqual(['SUPPORT_ID_UNKNOWN', 'PACK_SERIAL_REGISTERED']);
    });

    it('judged exactly like an ID that no contract has', () => {
      const theirs = asRs002('312345678');
      const unknown = asRs002('300000000');
      const blank = (v: typeof theirs) => JSON.parse(JSON.stringify(v).replaceAll('312345678', 'ID').replaceAll('300000000', 'ID'));
      expect(blank(theirs)).toEqual(blank(unknown));
    });

    it("an expired contract of one's own still finds its own registration", () => {
      const v = checkReferences(makeRow({ support_id: '312345679' }), [], registeredByRs001('312345679'), 'RS001', DATES);
      expect(v.status).toBe('already_registered');
      expect(v.receiptNo).toBe('R2603150000001');
    });
  });

  it('a field that failed its format in pass 1 is not looked up again', () => {
    const pass1 = [{ code: 'SUPPORT_ID_FORMAT', field: 'support_id' as const, params: { value: '12' } }];
    const v = checkReferences(makeRow({ support_id: '12' }), pass1, lookups(), 'RS001', DATES);
    expect(v.findings.map((f) => f.code)).toEqual(['SUPPORT_ID_FORMAT']);
  });
});
