import type { Knex } from 'knex';
import type { Context } from '../context.js';
import type { ActingScope } from './lockApplication.js';

export type AuditAction = 'review_approve' | 'review_reject' | 'change_site' | 'change_options';

export interface AuditEntry {
  readonly actor: string;
  readonly action: AuditAction;
  readonly applicationId: string;
  readonly receiptNo: string;
  readonly packSerial?: string | null;
  readonly reason?: string | null;
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
  /** When, from the context's clock (testable), not the database's now(). */
  readonly at: Date;
}

/** Append one audit row in the caller's transaction: the change and its record commit together. */
export async function writeAudit(trx: Knex.Transaction, entry: AuditEntry): Promise<void> {
  await trx('audit_log').insert({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    application_id: entry.applicationId,
    receipt_no: entry.receiptNo,
    pack_serial: entry.packSerial ?? null,
    reason: entry.reason ?? null,
    before: JSON.stringify(entry.before),
    after: JSON.stringify(entry.after),
  });
}

/**
 * The audit log's "who": what the caller says (an HTTP user), else the owning reseller acting
 * through the API, else the operator from config (`PACKREG_OPERATOR` or the OS user).
 */
export function actorOf(ctx: Context, given: string | undefined, scope: ActingScope): string {
  if (given) return given;
  if (scope.resellerCode) return `reseller:${scope.resellerCode}`;
  return ctx.config.operator;
}
