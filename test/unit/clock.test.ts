import { describe, expect, it } from 'vitest';
import { dateInZone, tokyoIso } from '../../src/clock.js';

const intlDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

describe('dateInZone', () => {
  // Instants around every midnight edge that matters: a day's last and first second in each zone.
  const instants = [
    '2026-12-04T14:59:59Z', '2026-12-04T15:00:00Z', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z',
    '2028-02-28T15:00:00Z', '1970-01-01T00:00:00Z', '1999-12-31T15:00:00Z', '2099-12-31T14:59:59.999Z',
  ].map((iso) => new Date(iso));
  for (let i = 0; i < 500; i++) instants.push(new Date(Date.UTC(1960, 0, 1) + Math.floor(Math.random() * 140 * 365.25 * 86_400_000)));

  it.each(['Asia/Tokyo', 'UTC', 'Etc/UTC', 'America/New_York', 'Europe/Berlin'])('agrees with ICU in %s', (zone) => {
    for (const at of instants) expect(dateInZone(at, zone), at.toISOString()).toBe(intlDate(at, zone));
  });

  it('tokyoIso names the same Tokyo day', () => {
    for (const at of instants) expect(tokyoIso(at).slice(0, 10)).toBe(intlDate(at, 'Asia/Tokyo'));
  });
});
