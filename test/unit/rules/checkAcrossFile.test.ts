import { describe, expect, test } from 'vitest';
import type { Finding } from '../../../src/domain/Finding.js';
import { checkAcrossFile, type AcrossFileRow } from '../../../src/rules/checkAcrossFile.js';

let next = 0;
/** A verdict for a valid hardware row (needs a label) of support ID 312345678. */
function verdict(over: Partial<AcrossFileRow> = {}): AcrossFileRow {
  const index = next++;
  return {
    index,
    row: index + 2,
    supportId: '312345678',
    packSerial: `PS${index}`,
    labelRecipient: 'U-ADMIN1',
    needsLabel: true,
    findings: [],
    ...over,
  };
}
const error: Finding = { code: 'PRODUCT_UNKNOWN', field: 'product_model', params: { value: 'X' } };
const warning: Finding = { code: 'MANUAL_REVIEW', field: 'pack_model', params: { value: 'SPK-NX' } };

const codesOf = (verdicts: AcrossFileRow[]) => {
  const { findings } = checkAcrossFile(verdicts);
  return verdicts.map((v) => (findings.get(v.index) ?? []).map((f) => `${f.code}@${f.field}`));
};

describe('checkAcrossFile: PACK_SERIAL_DUPLICATE', () => {
  test('every occurrence is rejected, including rows already rejected; a single serial is not', () => {
    const rows = [
      verdict({ packSerial: 'PS1' }),
      verdict({ packSerial: 'PS2' }),
      verdict({ packSerial: 'PS1', findings: [error] }),
      verdict({ packSerial: 'PS1', supportId: '399999999' }),
    ];
    expect(codesOf(rows)).toEqual([
      ['PACK_SERIAL_DUPLICATE@pack_serial'],
      [],
      ['PACK_SERIAL_DUPLICATE@pack_serial'],
      ['PACK_SERIAL_DUPLICATE@pack_serial'],
    ]);
    const params = checkAcrossFile(rows).findings.get(rows[0]!.index)?.[0]?.params;
    expect(params).toEqual({ value: 'PS1', count: 3, rows: [rows[0]!.row, rows[2]!.row, rows[3]!.row] });
  });

  test('a serial repeated many times lists its first 20 rows and counts them all', () => {
    const rows = Array.from({ length: 25 }, () => verdict({ packSerial: 'SAME' }));
    const params = checkAcrossFile(rows).findings.get(rows[24]!.index)?.[0]?.params;
    expect(params).toEqual({ value: 'SAME', count: 25, rows: rows.slice(0, 20).map((v) => v.row) });
  });

  test('blank serials are not duplicates of each other (REQUIRED already covers them)', () => {
    expect(codesOf([verdict({ packSerial: '', findings: [error] }), verdict({ packSerial: '', findings: [error] })])).toEqual([[], []]);
  });

  test('a duplicate row does not count as a label source', () => {
    const rows = [verdict({ packSerial: 'D', labelRecipient: 'U-OTHER' }), verdict({ packSerial: 'D' }), verdict()];
    expect(codesOf(rows)[2]).toEqual([]);
  });
});

describe('checkAcrossFile: LABEL_RECIPIENT_CONFLICT', () => {
  test('two recipients in one application: rows naming one or needing one get it', () => {
    const rows = [
      verdict({ labelRecipient: 'U-DEPUTY' }),
      verdict({ labelRecipient: 'U-ADMIN1' }),
      verdict({ labelRecipient: '' }), // needs one, blank
      verdict({ labelRecipient: '', needsLabel: false }), // neither names nor needs one
      verdict({ labelRecipient: 'U-ADMIN1', needsLabel: false }), // names one
      verdict({ supportId: '399999999', labelRecipient: 'U-X' }), // another application
    ];
    expect(codesOf(rows)).toEqual([
      ['LABEL_RECIPIENT_CONFLICT@label_recipient'],
      ['LABEL_RECIPIENT_CONFLICT@label_recipient'],
      ['LABEL_RECIPIENT_CONFLICT@label_recipient'],
      [],
      ['LABEL_RECIPIENT_CONFLICT@label_recipient'],
      [],
    ]);
    const params = checkAcrossFile(rows).findings.get(rows[0]!.index)?.[0]?.params;
    expect(params).toEqual({ value: 'U-DEPUTY', supportId: '312345678', recipients: ['U-ADMIN1', 'U-DEPUTY'] });
  });

  test('the same recipient twice is no conflict', () => {
    expect(codesOf([verdict(), verdict(), verdict({ labelRecipient: '' })])).toEqual([[], [], []]);
  });

  test('a rejected row’s recipient does not count toward a conflict, and the rejected row gets none', () => {
    const rows = [verdict({ labelRecipient: 'U-ADMIN1' }), verdict({ labelRecipient: 'U-BAD', findings: [error] })];
    expect(codesOf(rows)).toEqual([[], []]);
  });

  test('warnings do not make a row rejected: its recipient counts', () => {
    const rows = [verdict({ labelRecipient: 'U-ADMIN1' }), verdict({ labelRecipient: 'U-DEPUTY', findings: [warning] })];
    expect(codesOf(rows)).toEqual([['LABEL_RECIPIENT_CONFLICT@label_recipient'], ['LABEL_RECIPIENT_CONFLICT@label_recipient']]);
  });
});

describe('checkAcrossFile: inherited recipient and REQUIRED', () => {
  test('a blank cell that needs a label inherits the application’s one recipient', () => {
    const rows = [verdict({ labelRecipient: '' }), verdict({ labelRecipient: 'U-DEPUTY' }), verdict({ labelRecipient: '', needsLabel: false })];
    const result = checkAcrossFile(rows);
    expect(result.findings.size).toBe(0);
    expect(rows.map((v) => result.inheritedRecipient(v))).toEqual(['U-DEPUTY', null, null]);
    expect(result.recipients).toEqual(new Map([['312345678', 'U-DEPUTY']]));
  });

  test('REQUIRED on label_recipient when no valid row of the application names one', () => {
    const rows = [
      verdict({ labelRecipient: '' }),
      verdict({ labelRecipient: '', needsLabel: false }),
      verdict({ labelRecipient: 'U-BAD', findings: [error] }),
      verdict({ supportId: '399999999', labelRecipient: '' }),
      verdict({ supportId: '399999999', labelRecipient: 'U-X', needsLabel: false }),
    ];
    const result = checkAcrossFile(rows);
    expect(codesOf(rows)).toEqual([['REQUIRED@label_recipient'], [], [], [], []]);
    expect(result.findings.get(rows[0]!.index)?.[0]?.params).toEqual({ supportId: '312345678' });
    expect(result.inheritedRecipient(rows[0]!)).toBeNull();
    expect(result.inheritedRecipient(rows[3]!)).toBe('U-X');
    expect(result.inheritedRecipient(rows[2]!)).toBeNull();
  });

  test('already-registered rows take no part in the label rules (re-imports stay clean)', () => {
    const rows = [
      verdict({ labelRecipient: '', alreadyRegistered: true }),
      verdict({ labelRecipient: 'U-OLD', alreadyRegistered: true }),
      verdict({ labelRecipient: 'U-NEW' }),
    ];
    expect(codesOf(rows)).toEqual([[], [], []]);
    expect(checkAcrossFile(rows).inheritedRecipient(rows[0]!)).toBeNull();
    expect(codesOf([verdict({ labelRecipient: '' }), verdict({ labelRecipient: 'U-OLD', alreadyRegistered: true })])).toEqual([
      ['REQUIRED@label_recipient'],
      [],
    ]);
    // …but a duplicate serial still rejects every occurrence.
    expect(codesOf([verdict({ packSerial: 'S', alreadyRegistered: true }), verdict({ packSerial: 'S' })])).toEqual([
      ['PACK_SERIAL_DUPLICATE@pack_serial'],
      ['PACK_SERIAL_DUPLICATE@pack_serial'],
    ]);
  });

  test('a rejected blank row inherits nothing and gets no REQUIRED', () => {
    const rows = [verdict({ labelRecipient: '', findings: [error] })];
    expect(codesOf(rows)).toEqual([[]]);
    expect(checkAcrossFile(rows).inheritedRecipient(rows[0]!)).toBeNull();
  });
});

describe('checkAcrossFile at scale', () => {
  test('200,000 rows with a few duplicates in well under a second', () => {
    const rows: AcrossFileRow[] = [];
    for (let i = 0; i < 200_000; i++) {
      rows.push({
        index: i,
        row: i + 2,
        supportId: `3${String(i % 1000).padStart(8, '0')}`,
        packSerial: i % 50_000 === 49_999 ? 'DUP' : `PS${i}`,
        labelRecipient: i < 1000 ? 'U-A' : '', // the first row of each application names it
        needsLabel: true,
        findings: [],
      });
    }
    const started = performance.now();
    const result = checkAcrossFile(rows);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.findings.get(49_999)?.[0]?.code).toBe('PACK_SERIAL_DUPLICATE');
    expect(result.findings.size).toBe(4);
    expect(result.recipients.size).toBe(1000);
    expect(result.inheritedRecipient(rows[123_456]!)).toBe('U-A');
  });
});
