import { detached } from './detached.js';
import { fnv1a } from './fnv1a.js';

/**
 * More applications than this, or more characters of recipients than MAX_WATCHED_CHARS, and the
 * watch stops keeping them: pass 3 then runs the label recipient statement.
 */
export const MAX_WATCHED = 100_000;
export const MAX_WATCHED_CHARS = 2_000_000;

/**
 * Whether pass 3's label recipient statement (`judgeLabelRecipients`) can change anything,
 * decided while the rows stream by: only when some row valid after pass 2 needs a label and left
 * the recipient blank, or some application names two different recipients. Neither is true of
 * most files, whose statement then need not read the import's rows again (0.4–0.75 s at a million
 * rows). It decides nothing itself: the rule stays in that statement. Pass 3 rejects rows, never
 * makes them valid, so the rows it looks at are some of those noted here.
 *
 * An application is kept by a 32-bit hash of its support ID with the first recipient it named:
 * two support IDs sharing a hash and naming different recipients only make the statement run.
 */
export class LabelRecipientWatch {
  private readonly named = new Map<number, string>();
  private chars = 0;
  private judge = false;

  /** Note one row that is valid after pass 2, with its values as staged. */
  note(supportId: string, labelRecipient: string, needsLabel: boolean): void {
    if (this.judge) return;
    if (labelRecipient === '') {
      if (needsLabel) this.mustRun();
      return;
    }
    const key = fnv1a(supportId);
    const seen = this.named.get(key);
    if (seen === undefined) {
      this.named.set(key, detached(labelRecipient));
      this.chars += labelRecipient.length;
      if (this.named.size > MAX_WATCHED || this.chars > MAX_WATCHED_CHARS) this.mustRun();
    } else if (seen !== labelRecipient) {
      this.mustRun();
    }
  }

  /** Whether the label recipient statement must run. */
  mustJudge(): boolean {
    return this.judge;
  }

  private mustRun(): void {
    this.judge = true;
    this.named.clear();
  }
}
