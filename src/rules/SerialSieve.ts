import { storableText } from '../db/copyText.js';
import { detached } from './detached.js';
import { fnv1a } from './fnv1a.js';

/**
 * More suspects than this, or more characters of them than MAX_SUSPECT_CHARS (a file repeating
 * long serials), and the sieve stops listing them: pass 3 then checks every serial.
 */
export const MAX_SUSPECTS = 10_000;
export const MAX_SUSPECT_CHARS = 1_000_000;

const FIRST_SLOTS = 1 << 16;

/**
 * The serials of a file that may appear in it twice, found while its rows stream by, in fixed
 * memory per row (a 32-bit hash in an open-addressing table: 8 MB at a million rows): pass 3's
 * duplicate-serial statement then looks at those serials only, and at none when the file repeats
 * none — instead of aggregating every serial of the import on the server (0.8–4 s at 1M rows,
 * BENCHMARKS.md). It decides nothing: a suspect is a serial whose hash was seen before, so every
 * real duplicate is one (the same text hashes the same) and a few others are (two serials sharing
 * a hash: ≈ n² / 2³³, ≈ 100 at a million rows), which the statement's count then clears. The rule
 * itself — which rows repeat a serial, and what they are told — stays in that statement.
 */
export class SerialSieve {
  private slots = new Int32Array(FIRST_SLOTS);
  private used = 0;
  private readonly suspects = new Set<string>();
  private suspectChars = 0;
  private overflowed = false;

  /** Note one row's serial (its normalised value; blank serials are not compared). */
  add(value: string): void {
    if (value === '' || this.overflowed) return;
    // As import_rows stores it: two values the table holds as one text are one here too.
    const serial = storableText(value);
    if (this.insert(fnv1a(serial)) || this.suspects.has(serial)) return;
    this.suspects.add(detached(serial));
    this.suspectChars += serial.length;
    if (this.suspects.size > MAX_SUSPECTS || this.suspectChars > MAX_SUSPECT_CHARS) {
      this.overflowed = true;
      this.suspects.clear();
      this.slots = new Int32Array(0);
    }
  }

  /** The serials that may repeat, or null when there were too many to list. */
  result(): readonly string[] | null {
    return this.overflowed ? null : [...this.suspects];
  }

  /** Add `h` to the table; false when it was there already. */
  private insert(h: number): boolean {
    if ((this.used + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) {
        this.slots[i] = h;
        this.used += 1;
        return true;
      }
      if (slot === h) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.used = 0;
    for (const h of old) if (h !== 0) this.insert(h);
  }
}
