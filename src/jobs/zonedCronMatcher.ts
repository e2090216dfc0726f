import { parseCronItems, type CronMatcher, type TimestampDigest } from 'graphile-worker';

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * A graphile-worker cron matcher for a cron line read in `timeZone` (SPEC §7: 02:00 Asia/Tokyo).
 *
 * Hazard: graphile-worker (0.16 to 0.18) evaluates crontabs in UTC only (cron.js `digestTimestamp` uses
 * getUTC*), and has no `tz` option. Rewriting "0 2 * * *" as "0 17 * * *" works for Tokyo but
 * shifts the day fields (a Monday 02:00 in Tokyo is a Sunday in UTC) and breaks in zones with
 * daylight saving. So the line is parsed by graphile-worker itself, and the matcher translates
 * each UTC digest it is asked about into the same instant's wall clock in `timeZone` first.
 * The digest has no year: it is the one that puts the instant nearest to `now` (graphile-worker
 * only asks about the current minute and, when backfilling, the recent past).
 */
export function zonedCronMatcher(cron: string, timeZone: string, now: () => Date = () => new Date()): CronMatcher {
  const [item] = parseCronItems([{ task: 'packreg_cron_probe', match: cron, identifier: 'packreg_cron_probe' }]);
  if (!item) throw new Error(`not a cron line: ${cron}`);
  const inner = item.match;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
  });
  return (utc: TimestampDigest) => inner(zonedDigest(format, instantOf(utc, now())));
}

function instantOf(d: TimestampDigest, now: Date): Date {
  const year = now.getUTCFullYear();
  const candidates = [year - 1, year, year + 1].map((y) => Date.UTC(y, d.month - 1, d.date, d.hour, d.min));
  return new Date(candidates.reduce((best, t) => (Math.abs(t - now.getTime()) < Math.abs(best - now.getTime()) ? t : best)));
}

function zonedDigest(format: Intl.DateTimeFormat, at: Date): TimestampDigest {
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    min: Number(part('minute')),
    hour: Number(part('hour')),
    date: Number(part('day')),
    month: Number(part('month')),
    dow: WEEKDAYS[part('weekday')] ?? 0,
  };
}
