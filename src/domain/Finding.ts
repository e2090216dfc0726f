import type { FieldKey } from './fields.js';

/**
 * A problem (or a note) about one row. Row problems are data, not exceptions: a finding carries a
 * stable code, the field it concerns (null for the row as a whole) and the values its message
 * needs. Messages are rendered from the catalog (`renderFinding`) in one place; code compares
 * codes, never message text.
 */
export interface Finding {
  readonly code: string;
  readonly field: FieldKey | null;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Row statuses (SPEC §5). */
export const ROW_STATUSES = [
  'registered',
  'pending_review',
  'already_registered',
  'rejected',
  'held',
  'valid',
] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];
