import type { Knex } from 'knex';

export interface CancelCheck {
  /** Has a cancel been requested? One indexed look-up; once true, true without asking again. */
  requested(): Promise<boolean>;
  /** Whether `requested()` has answered true. */
  readonly seen: boolean;
}

/**
 * The importer's side of a cancel (issue 20 item 4): asked at each commit-group boundary, so it
 * costs one primary-key look-up per group, never one per row. The request may come from any
 * process (`cancelImport`), which is why it is read from the database and not from memory.
 */
export function makeCancelCheck(knex: Knex, importId: string): CancelCheck {
  let seen = false;
  return {
    async requested() {
      if (!seen) seen = (await knex('import_cancel_requests').where({ import_id: importId }).first('import_id')) !== undefined;
      return seen;
    },
    get seen() {
      return seen;
    },
  };
}
