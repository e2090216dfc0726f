import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelRecipientWatch, MAX_WATCHED, MAX_WATCHED_CHARS } from '../../../src/rules/LabelRecipientWatch.js';
import { cutFromLargeStrings, retainedBytes } from '../../helpers/retainedBytes.js';

type Row = readonly [supportId: string, labelRecipient: string, needsLabel: boolean];

const mustJudge = (rows: readonly Row[]) => {
  const watch = new LabelRecipientWatch();
  for (const [supportId, recipient, needsLabel] of rows) watch.note(supportId, recipient, needsLabel);
  return watch.mustJudge();
};

/** The oracle: a row needs a recipient it left blank, or an application names two. */
const canChange = (rows: readonly Row[]) => {
  const named = new Map<string, Set<string>>();
  for (const [supportId, recipient] of rows) if (recipient !== '') named.set(supportId, (named.get(supportId) ?? new Set()).add(recipient));
  return rows.some(([, recipient, needsLabel]) => recipient === '' && needsLabel) || [...named.values()].some((s) => s.size > 1);
};

describe('LabelRecipientWatch', () => {
  it('asks for the statement exactly when a label rule can change a row (small files: no two support IDs share a hash)', () => {
    const row = fc.tuple(fc.constantFrom('300000001', '300000002', '300000003'), fc.constantFrom('', 'U1', 'U2', 'u1', 'U1 '), fc.boolean());
    fc.assert(fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
      expect(mustJudge(rows)).toBe(canChange(rows));
    }), { numRuns: 3_000 });
  });

  it('a million rows of 50,000 applications, one recipient each: nothing to judge; one blank that needs a label: judge', () => {
    const rows: Row[] = Array.from({ length: 1_000_000 }, (_, i) => [String(300_000_000 + Math.floor(i / 20)), `U${Math.floor(i / 20)}`, true]);
    expect(mustJudge(rows)).toBe(false);
    rows[777_777] = [rows[777_777]![0], '', true];
    expect(mustJudge(rows)).toBe(true);
  });

  it('stops keeping applications past its bounds, and then the statement runs', () => {
    const many: Row[] = Array.from({ length: MAX_WATCHED + 1 }, (_, i) => [String(i), 'U1', true]);
    expect(mustJudge(many)).toBe(true);
    expect(mustJudge(many.slice(0, MAX_WATCHED))).toBe(false);
    const long = 'U'.repeat(200);
    const wide: Row[] = Array.from({ length: Math.floor(MAX_WATCHED_CHARS / 200) + 1 }, (_, i) => [String(i), long, true]);
    expect(mustJudge(wide)).toBe(true);
  });

  it('keeps no string its recipients were cut from (a value can be a slice of a sheet\'s XML chunk)', async () => {
    const held = await retainedBytes(() => {
      const watch = new LabelRecipientWatch();
      cutFromLargeStrings(100, 'U-').forEach((recipient, i) => watch.note(String(300_000_000 + i), recipient, true));
      expect(watch.mustJudge()).toBe(false);
      return watch;
    });
    expect(held).toBeLessThan(10 * 2 ** 20); // 100 MB when each recipient kept its 1 MB string
  });
});
