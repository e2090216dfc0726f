import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dayNumber, isoOf } from '../../../src/rules/dayNumber.js';
import { addMonthsKeepingDay, checkServiceDates, defaultServiceEnd, type ServiceDatesInput } from '../../../src/rules/serviceDates.js';

describe('dayNumber', () => {
  test.each([
    ['1970-01-01', 0],
    ['2000-03-01', 11017],
    ['2026-04-01', 20544],
    ['1969-12-31', -1],
  ])('%s is day %i and back', (iso, days) => {
    expect(dayNumber(iso)).toBe(days);
    expect(isoOf(days)).toBe(iso);
  });

  test('round-trips every day from 1899 to 2101 and agrees with Date.UTC', () => {
    const wrong: string[] = [];
    for (let d = dayNumber('1899-01-01')!; d <= dayNumber('2101-12-31')!; d++) {
      const iso = isoOf(d);
      const utc = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8))) / 86_400_000;
      if (dayNumber(iso) !== d || utc !== d) wrong.push(`${d} ${iso}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each(['2026-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-4-1', '', '2026-04-01T00:00'])(
    '%j is not a date',
    (iso) => expect(dayNumber(iso)).toBeNull(),
  );
  test.each(['2024-02-29', '2000-02-29'])('%s is a leap day', (iso) => expect(dayNumber(iso)).not.toBeNull());
  test.each(['２０２６-04-01', '2026-04-01\n', ' 2026-04-01', '2026/04/01', '+026-04-01', '2026-0a-01', '2026-04-1 '])(
    '%j (no ASCII YYYY-MM-DD) is not a date',
    (iso) => expect(dayNumber(iso)).toBeNull(),
  );
  test('reads exactly what /^\\d{4}-\\d{2}-\\d{2}$/ matches, as the calendar says (any string near the shape)', () => {
    const char = fc.oneof({ arbitrary: fc.constantFrom(...'0123456789'), weight: 12 }, { arbitrary: fc.constantFrom(...'/:;?@ ０+e.\n-'), weight: 1 });
    const part = (n: number) => fc.array(char, { minLength: n, maxLength: n }).map((cs) => cs.join(''));
    const near = fc.tuple(part(4), part(2), part(2), fc.constantFrom('-', '/'), fc.constantFrom('', ' ', '0'))
      .map(([y, m, d, sep, tail]) => `${y}-${m}${sep}${d}${tail}`);
    fc.assert(fc.property(fc.oneof(near, fc.string({ maxLength: 12 })), (s) => {
      const shaped = /^\d{4}-\d{2}-\d{2}$/.test(s);
      const days = dayNumber(s);
      if (!shaped) return days === null;
      const date = new Date(`${s}T00:00:00Z`);
      const real = Number(s.slice(0, 4)) >= 1 && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s;
      return real ? days === Math.round(date.getTime() / 86_400_000) : days === null;
    }), { numRuns: 5_000 });
  });
});

describe('addMonthsKeepingDay', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-04-15', 12, '2027-04-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 12, '2027-12-31'],
    ['2026-04-01', 60, '2031-04-01'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-04-01', 0, '2026-04-01'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonthsKeepingDay(date, months)).toBe(expected);
  });

  test('rejects a malformed date or month count (caller bugs)', () => {
    expect(() => addMonthsKeepingDay('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addMonthsKeepingDay('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('defaultServiceEnd', () => {
  test.each([
    ['2026-04-01', 12, '2027-03-31'],
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-03-01', 12, '2027-02-28'],
    ['2027-03-01', 12, '2028-02-29'],
    ['2024-02-29', 12, '2025-02-27'],
    ['2026-01-31', 1, '2026-02-27'],
    ['2026-04-15', 36, '2029-04-14'],
    ['2026-12-31', 1, '2027-01-30'],
  ])('%s + %i months − 1 day = %s', (start, term, expected) => {
    expect(defaultServiceEnd(start, term)).toBe(expected);
  });
});

describe('checkServiceDates', () => {
  const base: ServiceDatesInput = {
    start: '2026-04-01',
    requestedEnd: '',
    termMonths: 12,
    endOfSupport: null,
    today: '2026-03-15',
    daysBefore: 90,
    daysAfter: 365,
  };
  const check = (over: Partial<ServiceDatesInput>) => checkServiceDates({ ...base, ...over });
  const codes = (over: Partial<ServiceDatesInput>) => check(over).findings.map((f) => [f.code, f.field]);

  test('a blank end defaults to start + term − 1 day; a given end inside the term is kept', () => {
    expect(check({})).toEqual({ effectiveEnd: '2027-03-31', findings: [] });
    expect(check({ requestedEnd: '2026-12-31' })).toEqual({ effectiveEnd: '2026-12-31', findings: [] });
    expect(check({ requestedEnd: null }).effectiveEnd).toBe('2027-03-31');
  });

  test('SERVICE_START_RANGE: more than daysBefore before today', () => {
    expect(codes({ start: '2025-12-14' })).toEqual([['SERVICE_START_RANGE', 'service_start']]); // 91 days
    expect(codes({ start: '2025-12-15' })).toEqual([]); // 90 days
  });

  test('SERVICE_START_RANGE: more than daysAfter after today (configurable)', () => {
    expect(codes({ start: '2027-03-16' })).toEqual([['SERVICE_START_RANGE', 'service_start']]); // 366 days
    expect(codes({ start: '2027-03-15' })).toEqual([]); // 365 days
    expect(codes({ start: '2026-03-20', daysAfter: 4 })).toEqual([['SERVICE_START_RANGE', 'service_start']]);
    expect(codes({ start: '2026-03-19', daysAfter: 4 })).toEqual([]);
    expect(check({ start: '2025-12-14' }).findings[0]?.params).toMatchObject({
      value: '2025-12-14',
      earliest: '2025-12-15',
      latest: '2027-03-15',
    });
  });

  test('PRODUCT_END_OF_SUPPORT: start after the last supported day', () => {
    expect(codes({ endOfSupport: '2026-03-31' })).toEqual([['PRODUCT_END_OF_SUPPORT', 'service_start']]);
    // Starting on the last supported day is allowed; the end is then cut back to that day.
    expect(check({ endOfSupport: '2026-04-01' })).toMatchObject({ effectiveEnd: '2026-04-01' });
    expect(codes({ endOfSupport: '2026-04-01' })).toEqual([['END_CLAMPED', 'service_end']]);
  });

  test('SERVICE_END_RANGE: a given end before the start', () => {
    expect(check({ requestedEnd: '2026-03-31' })).toEqual({
      effectiveEnd: null,
      findings: [expect.objectContaining({ code: 'SERVICE_END_RANGE', field: 'service_end' })],
    });
    expect(codes({ requestedEnd: '2026-04-01' })).toEqual([]);
  });

  test('SERVICE_END_RANGE: a given end past start + term − 1 day', () => {
    expect(codes({ requestedEnd: '2027-04-01' })).toEqual([['SERVICE_END_RANGE', 'service_end']]);
    expect(codes({ requestedEnd: '2027-03-31' })).toEqual([]);
    expect(check({ requestedEnd: '2027-04-01' }).findings[0]?.params).toMatchObject({ value: '2027-04-01', latest: '2027-03-31' });
  });

  test('END_CLAMPED: a defaulted end past the end of support is cut back, with the new date', () => {
    const verdict = check({ endOfSupport: '2026-09-30' });
    expect(verdict.effectiveEnd).toBe('2026-09-30');
    expect(verdict.findings).toEqual([
      { code: 'END_CLAMPED', field: 'service_end', params: { value: '2026-09-30', requested: '2027-03-31', endOfSupport: '2026-09-30' } },
    ]);
    expect(check({ endOfSupport: '2027-03-31' })).toEqual({ effectiveEnd: '2027-03-31', findings: [] });
  });

  test('END_CLAMPED: a given end past the end of support is cut back too', () => {
    expect(check({ requestedEnd: '2026-12-31', endOfSupport: '2026-10-31' })).toMatchObject({
      effectiveEnd: '2026-10-31',
      findings: [{ code: 'END_CLAMPED' }],
    });
    expect(check({ requestedEnd: '2026-10-31', endOfSupport: '2026-10-31' })).toEqual({ effectiveEnd: '2026-10-31', findings: [] });
  });

  test('a row that starts after the end of support is not also clamped (its end would precede its start)', () => {
    expect(codes({ endOfSupport: '2026-01-31', requestedEnd: '2026-12-31' })).toEqual([['PRODUCT_END_OF_SUPPORT', 'service_start']]);
  });

  test('dates pass 1 already rejected give no finding and no end, never an exception', () => {
    expect(check({ start: '2026-02-30' })).toEqual({ effectiveEnd: null, findings: [] });
    expect(check({ requestedEnd: '4月1日' })).toEqual({ effectiveEnd: null, findings: [] });
  });

  test('a bad import date or term is a programming error', () => {
    expect(() => check({ today: '2026/03/15' })).toThrow(RangeError);
    expect(() => check({ termMonths: 0 })).toThrow(RangeError);
  });

  test('leap day start, 12-month term', () => {
    expect(check({ start: '2024-02-29', today: '2024-02-01' }).effectiveEnd).toBe('2025-02-27');
    expect(codes({ start: '2024-02-29', today: '2024-02-01', requestedEnd: '2025-02-28' })).toEqual([['SERVICE_END_RANGE', 'service_end']]);
  });
});
