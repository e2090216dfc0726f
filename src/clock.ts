/** "Now" for the whole run; tests inject a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

/**
 * Zones whose offset from UTC has not changed since 1952 (Japan dropped daylight saving time in
 * 1951): their dates are arithmetic. The first `Intl.DateTimeFormat` of a process loads ICU's
 * time-zone data, 30–100 ms of every import's start-up on this machine (issue 19).
 */
const FIXED_OFFSET_HOURS: Readonly<Record<string, number>> = { 'Asia/Tokyo': 9, UTC: 0, 'Etc/UTC': 0 };

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(at: Date, timeZone: string): string {
  const offset = FIXED_OFFSET_HOURS[timeZone];
  if (offset !== undefined) return new Date(at.getTime() + offset * 3_600_000).toISOString().slice(0, 10);
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * An instant as a reseller reads it: the portal's time zone (the one receipt numbers are dated in,
 * migration 0002), `YYYY-MM-DD HH:mm` or with seconds, marked JST.
 */
export function tokyoTime(at: Date | string, options: { seconds?: boolean } = {}): string {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Tokyo', dateStyle: 'short', timeStyle: options.seconds ? 'medium' : 'short',
  }).format(typeof at === 'string' ? new Date(at) : at);
  return `${text} JST`;
}

/**
 * An instant as ISO 8601 in Asia/Tokyo (`2026-11-25T12:00:00+09:00`): what the reseller lists
 * answer (issue 20: dates in the portal's time zone), still machine-readable. Japan keeps no
 * daylight saving time, so the offset is always +09:00.
 */
export function tokyoIso(at: Date | string): string {
  const ms = (typeof at === 'string' ? new Date(at) : at).getTime() + FIXED_OFFSET_HOURS['Asia/Tokyo']! * 3_600_000;
  return `${new Date(ms).toISOString().slice(0, 19)}+09:00`;
}

/** The first instant of a calendar date (YYYY-MM-DD) in Asia/Tokyo. */
export function tokyoDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+09:00`);
}
