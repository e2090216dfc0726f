import type { Knex } from 'knex';
import { PackregError } from '../domain/PackregError.js';

/** The columns of `applications` the post-receipt actions read. */
export interface LockedApplication {
  readonly id: string;
  readonly receiptNo: string;
  readonly supportId: string;
  readonly resellerCode: string;
  readonly status: 'completed' | 'under_review' | 'rejected';
}

/** Who acts on an application: the owning reseller (HTTP) or, without one, an operator. */
export interface ActingScope {
  /** Set by the HTTP layer: another reseller's application is not found, never "forbidden". */
  readonly resellerCode?: string;
}

/**
 * Lock one application row (`for update`) inside `trx`, so a review decision and a change never
 * interleave: the second waits, then sees the first one's status. Not found — or another
 * reseller's — is `NOT_FOUND` (exit 66), the two not told apart.
 */
export async function lockApplication(trx: Knex.Transaction, receiptNo: string, scope: ActingScope = {}): Promise<LockedApplication> {
  const q = trx('applications').where({ receipt_no: receiptNo }).forUpdate()
    .first('id', 'receipt_no', 'support_id', 'reseller_code', 'status');
  if (scope.resellerCode) q.andWhere('reseller_code', scope.resellerCode);
  const row = await q;
  if (!row) throw new PackregError('NOT_FOUND', { kind: 'receipt', id: receiptNo });
  return { id: String(row.id), receiptNo: row.receipt_no, supportId: row.support_id, resellerCode: row.reseller_code, status: row.status };
}
