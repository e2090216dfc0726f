import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../../src/cli/wantsColor.js';
import { formatSummaryTable, groupDigits } from '../../../src/report/formatSummaryTable.js';
import { makeProgressBar } from '../../../src/report/makeProgressBar.js';

const SUMMARY = { rows: 1234, registered: 1000, pending_review: 4, already_registered: 0, rejected: 200, held: 30, valid: 0, applications: 12 };

describe('groupDigits', () => {
  it('groups thousands as en-US does, for every size of count', () => {
    const counts = [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_048_576, 123_456_789, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 300; i++) counts.push(Math.floor(Math.random() * 10 ** (1 + (i % 12))));
    for (const n of counts) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('formatSummaryTable', () => {
  it('plain text without colour, numbers aligned', () => {
    const text = formatSummaryTable('abc', SUMMARY, { lang: 'en', color: false });
    expect(text).not.toContain('\x1b');
    expect(text).toContain('import abc');
    expect(text).toMatch(/rejected\s+200\n/);
    expect(text).toMatch(/rows\s+1,234\n/);
    const ends = text.trim().split('\n').slice(1).map((l) => l.length);
    expect(new Set(ends).size).toBe(1);
  });

  it('colours rejected red and held yellow when asked', () => {
    const text = formatSummaryTable('abc', SUMMARY, { lang: 'ja', color: true });
    expect(text).toMatch(/\x1b\[31m.*エラー.*200/);
    expect(text).toMatch(/\x1b\[33m.*保留.*30/);
  });
});

describe('wantsColor', () => {
  const stream = (isTTY: boolean, colors: boolean) => ({ isTTY, hasColors: () => colors }) as unknown as NodeJS.WriteStream;
  it('only on a TTY that has colours (Node\'s hasColors() is false under NO_COLOR)', () => {
    expect(wantsColor(stream(true, true))).toBe(true);
    expect(wantsColor(stream(true, false))).toBe(false);
    expect(wantsColor(stream(false, true))).toBe(false);
  });
});

describe('makeProgressBar', () => {
  it('redraws one line with rows, rows/s and applications, at most every 100 ms, and erases it', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (c: Buffer) => (written += c.toString()));
    let now = 0;
    const bar = makeProgressBar(out, { lang: 'en', color: false, now: () => now });
    now = 2000;
    bar.update({ phase: 'reading', rowsRead: 4000, applicationsCommitted: 0 });
    now = 2050;
    bar.update({ phase: 'reading', rowsRead: 6000, applicationsCommitted: 0 });
    now = 4000;
    bar.update({ phase: 'committing', rowsRead: 8000, applicationsCommitted: 3 });
    bar.done();
    const frames = written.split('\r\x1b[2K').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/reading {2}4,000 rows {2}2,000 rows\/s {2}applications committed 0/);
    expect(frames[1]).toMatch(/committing {2}8,000 rows .*applications committed 3/);
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
  });
});
