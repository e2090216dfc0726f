import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SUSPECT_CHARS, MAX_SUSPECTS, SerialSieve } from '../../../src/rules/SerialSieve.js';
import { cutFromLargeStrings, retainedBytes } from '../../helpers/retainedBytes.js';

const sieveOf = (serials: readonly string[]) => {
  const sieve = new SerialSieve();
  for (const s of serials) sieve.add(s);
  return sieve.result();
};

/** The oracle: serials (non-blank) that occur twice or more. */
const repeated = (serials: readonly string[]) => {
  const count = new Map<string, number>();
  for (const s of serials) if (s !== '') count.set(s, (count.get(s) ?? 0) + 1);
  return [...count].filter(([, n]) => n > 1).map(([s]) => s).sort();
};

describe('SerialSieve', () => {
  it('suspects exactly the serials that repeat (small files: no two serials share a hash)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', 'S1', 'S2', 'S3', 'SN-000123', 'あ', 'S1 ', 's1'), { maxLength: 30 }), (serials) => {
        expect([...sieveOf(serials)!].sort()).toEqual(repeated(serials));
      }),
      { numRuns: 2_000 },
    );
  });

  it('finds a repeat among 300,000 serials, across the table growing, and few suspects besides', () => {
    const serials = Array.from({ length: 300_000 }, (_, i) => `BS${String(i).padStart(8, '0')}`);
    serials.push('BS00000007', 'BS00299999');
    const suspects = sieveOf(serials)!;
    expect(suspects).toEqual(expect.arrayContaining(['BS00000007', 'BS00299999']));
    // Others are 32-bit hash collisions: ≈ n² / 2³³ ≈ 10 expected here.
    expect(suspects.length).toBeLessThan(100);
  });

  it('gives up listing past MAX_SUSPECTS: every serial is then checked', () => {
    const serials = Array.from({ length: MAX_SUSPECTS + 1 }, (_, i) => `D${i}`);
    expect(sieveOf([...serials, ...serials])).toBeNull();
    expect(sieveOf([...serials.slice(0, -1), ...serials.slice(0, -1)])).toHaveLength(MAX_SUSPECTS);
  });

  it('gives up listing past MAX_SUSPECT_CHARS: a file repeating long serials holds no more than that', () => {
    // Far fewer suspects than MAX_SUSPECTS, but each as long as a cell may be.
    const long = Array.from({ length: Math.ceil(MAX_SUSPECT_CHARS / 2_000) + 1 }, (_, i) => `L${i}`.padEnd(2_000, 'x'));
    expect(sieveOf([...long, ...long])).toBeNull();
    // A serial repeated many times is counted once.
    expect(sieveOf(Array.from({ length: 1_000 }, () => 'S'.repeat(2_000)))).toEqual(['S'.repeat(2_000)]);
  });

  it('takes U+0000 as the staged rows store it (␀): the two are one serial there', () => {
    expect(sieveOf(['A\u0000', 'A\u2400'])).toEqual(['A\u2400']);
  });

  it('keeps no string its suspects were cut from (a serial can be a slice of a sheet\'s XML chunk)', async () => {
    const held = await retainedBytes(() => {
      const sieve = new SerialSieve();
      for (const serial of cutFromLargeStrings(100, 'S-')) {
        sieve.add(serial);
        sieve.add(serial);
      }
      expect(sieve.result()).toHaveLength(100);
      return sieve;
    });
    expect(held).toBeLessThan(10 * 2 ** 20); // 100 MB when each suspect kept its 1 MB string
  });
});
