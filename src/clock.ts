/** "Now" for the whole run; tests inject a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(at: Date, timeZone: string): string {
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
