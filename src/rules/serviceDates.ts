import type { Finding } from '../domain/Finding.js';
import { rowFinding } from '../domain/rowCodes.js';
import { civilOf, dayNumber, dayNumberOf, daysInMonth, isoOf } from './dayNumber.js';

function daysOrThrow(iso: string, what: string): number {
  const days = dayNumber(iso);
  if (days === null) throw new RangeError(`${what} is not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return days;
}

/**
 * `date` plus `months` calendar months, keeping the day number or, where the target month is
 * shorter, taking its last day (2026-01-31 + 1 → 2026-02-28; 2024-02-29 + 12 → 2025-02-28).
 * Throws `RangeError` for a malformed date or a non-integer month count (a caller's bug: rows
 * reach here only after pass 1 has checked their dates).
 */
export function addMonthsKeepingDay(date: string, months: number): string {
  return isoOf(daysPlusMonths(daysOrThrow(date, 'date'), months));
}

/** `addMonthsKeepingDay` on day numbers. */
function daysPlusMonths(days: number, months: number): number {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const { year, month, day } = civilOf(days);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayNumberOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/** SPEC §4: the service end when none is given, start + term − 1 day (2026-04-01, 12 → 2027-03-31). */
export function defaultServiceEnd(start: string, termMonths: number): string {
  return isoOf(defaultEndDays(daysOrThrow(start, 'start'), termMonths));
}

/** `defaultServiceEnd` on day numbers: a row's dates are read once and written once. */
function defaultEndDays(start: number, termMonths: number): number {
  return daysPlusMonths(start, termMonths) - 1;
}

export interface ServiceDatesInput {
  /** Service start, `YYYY-MM-DD` (pass 1 has reported it when it is not). */
  readonly start: string;
  /** The service end as given; '' or null when blank (then it defaults). */
  readonly requestedEnd: string | null;
  /** The pack model's term. */
  readonly termMonths: number;
  /** The product's last supported day, null when it has none. */
  readonly endOfSupport: string | null;
  /** The import date (Asia/Tokyo by default), `YYYY-MM-DD`. */
  readonly today: string;
  /** The start may be at most this many days before `today` (SPEC: 90)… */
  readonly daysBefore: number;
  /** …and at most this many days after it (SPEC: 365). */
  readonly daysAfter: number;
}

export interface ServiceDatesVerdict {
  /**
   * The end the registration gets: the given end, or the default, cut back to the end of support.
   * null when there is no meaningful end: the start or given end is not a date (pass 1 said so) or
   * the given end is out of range (`SERVICE_END_RANGE`).
   */
  readonly effectiveEnd: string | null;
  readonly findings: Finding[];
}

/**
 * SPEC §4 date rules for one row, once pass 2 knows the pack's term and the product's end of
 * support: `SERVICE_START_RANGE`, `PRODUCT_END_OF_SUPPORT`, `SERVICE_END_RANGE` (errors) and
 * `END_CLAMPED` (warning, with the date the end was cut back to). Never throws for row data: a
 * start or end that is not a date yields no finding here (pass 1 already reported `DATE_FORMAT`).
 * Throws `RangeError` only for a bad `today` or `termMonths` (configuration or reference bugs).
 */
export function checkServiceDates(input: ServiceDatesInput): ServiceDatesVerdict {
  const today = daysOrThrow(input.today, 'today');
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1) {
    throw new RangeError(`termMonths must be a positive integer: ${input.termMonths}`);
  }
  const findings: Finding[] = [];
  const start = dayNumber(input.start);
  if (start === null) return { effectiveEnd: null, findings };

  const earliest = today - input.daysBefore;
  const latestStart = today + input.daysAfter;
  if (start < earliest || start > latestStart) {
    findings.push(
      rowFinding('SERVICE_START_RANGE', { value: input.start, earliest: isoOf(earliest), latest: isoOf(latestStart), today: input.today }),
    );
  }

  // A malformed end of support in reference data is treated as none: the reference loader
  // validates dates, so this only guards against hand-edited rows.
  const endOfSupport = input.endOfSupport ? dayNumber(input.endOfSupport) : null;
  const startsAfterSupport = endOfSupport !== null && start > endOfSupport;
  if (startsAfterSupport) {
    findings.push(rowFinding('PRODUCT_END_OF_SUPPORT', { value: input.start, endOfSupport: input.endOfSupport }));
  }

  const latestEnd = defaultEndDays(start, input.termMonths);
  let end = latestEnd;
  if (input.requestedEnd) {
    const requested = dayNumber(input.requestedEnd);
    if (requested === null) return { effectiveEnd: null, findings };
    if (requested < start || requested > latestEnd) {
      findings.push(
        rowFinding('SERVICE_END_RANGE', { value: input.requestedEnd, start: input.start, latest: isoOf(latestEnd) }),
      );
      return { effectiveEnd: null, findings };
    }
    end = requested;
  }

  // Clamping a row that starts after the end of support would put the end before the start;
  // that row is already rejected by PRODUCT_END_OF_SUPPORT, so it keeps its unclamped end.
  if (endOfSupport !== null && !startsAfterSupport && end > endOfSupport) {
    findings.push(
      rowFinding('END_CLAMPED', { value: isoOf(endOfSupport), requested: isoOf(end), endOfSupport: input.endOfSupport }),
    );
    end = endOfSupport;
  }
  return { effectiveEnd: isoOf(end), findings };
}
