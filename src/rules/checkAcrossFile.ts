import type { Finding } from '../domain/Finding.js';
import { isError, rowFinding } from '../domain/rowCodes.js';

/** What pass 3 needs to know about one row once passes 1 and 2 have judged it. */
export interface AcrossFileRow {
  /** The row's position in the file (input order); keys the result. */
  readonly index: number;
  /** The Excel row number, for messages that name the other occurrences of a serial. */
  readonly row: number;
  readonly supportId: string;
  readonly packSerial: string;
  /** The label recipient cell as given (normalised), '' when blank. */
  readonly labelRecipient: string;
  /** The pack model requires a label (pass 2 knows; false when the model is unknown). */
  readonly needsLabel: boolean;
  /** Findings of passes 1 and 2, errors and warnings. */
  readonly findings: readonly Finding[];
  /**
   * Pass 2 found the row registered before with the same data (status `already_registered`). It
   * joins no new application, so it takes no part in the label recipient rules; a duplicate
   * serial still rejects it.
   */
  readonly alreadyRegistered?: boolean;
}

export interface AcrossFileResult {
  /** Findings pass 3 adds, by row index; rows that get none are absent (most rows, so no churn). */
  readonly findings: Map<number, Finding[]>;
  /** Support ID → the one label recipient its application names (applications in conflict, or
   *  naming none, are absent): the address of the application's label shipment. */
  readonly recipients: Map<string, string>;
  /**
   * The recipient a row's blank cell inherits from its application, or null when it inherits
   * nothing (it names its own, needs no label, is rejected, or its application has none or two).
   */
  inheritedRecipient(verdict: AcrossFileRow): string | null;
}

/** Distinct recipients kept per conflicting application: enough for the message, bounded memory. */
const MAX_RECIPIENTS_KEPT = 20;
/** Excel rows listed per duplicate serial (params.rows); params.count has the full number. */
const MAX_ROWS_LISTED = 20;

/** Occurrences of a serial that appears twice or more: how many, and the first Excel rows. */
interface Duplicate {
  count: number;
  readonly rows: number[];
}

/**
 * Every serial that occurs twice or more. The map of first occurrences is local, so it is garbage
 * once this returns; the result holds only duplicates, each with at most `MAX_ROWS_LISTED` rows
 * (a hostile file repeating one serial a million times costs a counter, not a million numbers).
 */
function findDuplicateSerials(verdicts: readonly AcrossFileRow[]): Map<string, Duplicate> {
  const firstRow = new Map<string, number>();
  const duplicates = new Map<string, Duplicate>();
  for (const v of verdicts) {
    if (v.packSerial === '') continue; // REQUIRED already; blanks are not "the same serial"
    const first = firstRow.get(v.packSerial);
    if (first === undefined) {
      firstRow.set(v.packSerial, v.row);
      continue;
    }
    const dup = duplicates.get(v.packSerial);
    if (!dup) duplicates.set(v.packSerial, { count: 2, rows: [first, v.row] });
    else {
      dup.count++;
      if (dup.rows.length < MAX_ROWS_LISTED) dup.rows.push(v.row);
    }
  }
  return duplicates;
}

/**
 * Pass 3, across the file (SPEC §4). Pure and O(rows): a Map keyed by serial, a Map keyed by
 * support ID, one byte per row; findings are allocated only for rows that get one.
 *
 * - `PACK_SERIAL_DUPLICATE`: a serial on two or more rows rejects every one of them, including
 *   rows already rejected for other reasons (the reseller must see all occurrences to pick one).
 * - Label recipients, per application (= support ID), counting only rows that are otherwise valid
 *   (no error from passes 1–2, not a duplicate). A rejected row's recipient does not count: it
 *   is not part of what would be committed, and its own error already names the problem (an
 *   unknown or wrong-role recipient is rejected in pass 2 and must not poison its neighbours).
 *   - Two or more different recipients named → `LABEL_RECIPIENT_CONFLICT` on every valid row of
 *     the application that names one (whether or not its pack needs a label: one application has
 *     one recipient) or needs one and leaves it blank.
 *   - Exactly one → a valid row that needs a label and leaves it blank inherits it.
 *   - None → a valid row that needs a label gets `REQUIRED` on label_recipient (pass 2 must not
 *     report that REQUIRED itself: a blank cell may be filled from another row).
 *   Rejected rows get no label finding: when fixed and uploaded again they are judged then.
 *   Already-registered rows are outside too: re-importing a file must not reject them.
 */
export function checkAcrossFile(verdicts: readonly AcrossFileRow[]): AcrossFileResult {
  const duplicates = findDuplicateSerials(verdicts);

  // 1 = outside the application: rejected (an error from passes 1–2 or a duplicate serial) or
  // already registered.
  const outside = new Uint8Array(verdicts.length);
  // Support ID → its one recipient (string) or the distinct recipients once there are two (array).
  const named = new Map<string, string | string[]>();
  verdicts.forEach((v, i) => {
    if (duplicates.has(v.packSerial) || v.alreadyRegistered === true || v.findings.some((f) => isError(f.code))) {
      outside[i] = 1;
      return;
    }
    if (v.labelRecipient === '') return;
    const seen = named.get(v.supportId);
    if (seen === undefined) named.set(v.supportId, v.labelRecipient);
    else if (typeof seen === 'string') {
      if (seen !== v.labelRecipient) named.set(v.supportId, [seen, v.labelRecipient]);
    } else if (seen.length < MAX_RECIPIENTS_KEPT && !seen.includes(v.labelRecipient)) {
      seen.push(v.labelRecipient);
    }
  });

  // Sorted, so the report does not depend on which row came first (and matches checkAcrossFileInDb).
  for (const seen of named.values()) if (Array.isArray(seen)) seen.sort();

  const findings = new Map<number, Finding[]>();
  const add = (v: AcrossFileRow, finding: Finding): void => {
    const list = findings.get(v.index);
    if (list) list.push(finding);
    else findings.set(v.index, [finding]);
  };
  verdicts.forEach((v, i) => {
    const dup = duplicates.get(v.packSerial);
    if (dup) add(v, rowFinding('PACK_SERIAL_DUPLICATE', { value: v.packSerial, count: dup.count, rows: dup.rows }));
    if (outside[i] === 1) return;
    const seen = named.get(v.supportId);
    if (Array.isArray(seen)) {
      if (v.labelRecipient !== '' || v.needsLabel) {
        add(v, rowFinding('LABEL_RECIPIENT_CONFLICT', { value: v.labelRecipient, supportId: v.supportId, recipients: seen }));
      }
    } else if (seen === undefined && v.needsLabel) {
      add(v, rowFinding('REQUIRED', { supportId: v.supportId }, 'label_recipient'));
    }
  });

  const recipients = new Map<string, string>();
  for (const [supportId, seen] of named) if (typeof seen === 'string') recipients.set(supportId, seen);

  return {
    findings,
    recipients,
    inheritedRecipient(v) {
      // Duplicates, conflicts and missing recipients all leave a pass-3 finding on the row.
      if (v.labelRecipient !== '' || !v.needsLabel || findings.has(v.index)) return null;
      if (v.alreadyRegistered === true || v.findings.some((f) => isError(f.code))) return null;
      return recipients.get(v.supportId) ?? null;
    },
  };
}
