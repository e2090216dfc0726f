/**
 * Excel serial day number → calendar date `YYYY-MM-DD`, or null when the serial is not a date
 * Excel can show (≤ 0, the fake 1900-02-29, past 9999-12-31, not finite).
 *
 * Pure arithmetic on UTC days, so the result never depends on the process time zone.
 * 1900 system: Excel counts 1900-02-29 (serial 60), a day that never existed (the Lotus 1-2-3
 * bug Excel kept), so serials 1–59 are one day later than "1899-12-31 + n" would say and
 * serials ≥ 61 are "1899-12-30 + n". 1904 system (old Mac Excel, `workbookPr date1904="1"`):
 * serial 0 = 1904-01-01. A fractional part is a time of day and is dropped.
 */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  // A tiny epsilon: 46113.99999999999 from float noise is still 46113 + a time.
  const day = Math.floor(serial + 1e-9);
  let epochDays: number; // days since 1970-01-01
  if (date1904) {
    if (day < 0) return null;
    epochDays = day - 24107; // 1904-01-01 is 24107 days before 1970-01-01
  } else {
    if (day < 1 || day === 60) return null;
    epochDays = day < 60 ? day - 25568 : day - 25569;
  }
  const date = new Date(epochDays * 86_400_000);
  const year = date.getUTCFullYear();
  if (year > 9999) return null;
  return formatYmd(year, date.getUTCMonth() + 1, date.getUTCDate());
}

/** `YYYY-MM-DD` with zero padding. */
export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
