import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { lockApplication, type ActingScope } from './lockApplication.js';
import { queueNotifications } from '../outbox/queueNotifications.js';
import { actorOf, writeAudit } from './writeAudit.js';

export interface ReviewInput {
  readonly receiptNo: string;
  readonly decision: 'approve' | 'reject';
  /** Why; recorded on the application, in the audit log and in the notification. */
  readonly reason?: string | null;
  /** Who decides; defaults to the configured operator (see `actorOf`). */
  readonly actor?: string;
}

export interface ReviewOutcome {
  readonly receiptNo: string;
  readonly status: 'completed' | 'rejected';
  /** Serials set free by a rejection (they may be imported again), in order; empty on approval. */
  readonly releasedSerials: readonly string[];
  /** Pending label shipments cancelled by a rejection (0 or 1). */
  readonly cancelledLabels: number;
  /** Notifications queued for the administrators and deputies. */
  readonly notifications: number;
}

/**
 * Decide an application that is `under_review` (SPEC §1 step 5): approval completes it;
 * rejection sets it `rejected`, releases its registrations (their serials are free again: the
 * unique index covers live serials only) and cancels its pending label. One transaction: the
 * status, the audit row and the outbox notifications (`review_approved` / `review_rejected`, one
 * per admin/deputy) commit together. A second decision is refused with
 * `APPLICATION_NOT_UNDER_REVIEW`: the row lock makes two operators racing see each other.
 *
 * Rows in `import_rows` keep `pending_review`: they record what the import did, so a report
 * rebuilt later (`packreg report`) is the report the reseller received; the application's status
 * is the current truth.
 */
export async function reviewApplication(ctx: Context, input: ReviewInput, scope: ActingScope = {}): Promise<ReviewOutcome> {
  const at = ctx.clock.now();
  const actor = actorOf(ctx, input.actor, scope);
  const reason = input.reason?.trim() || null;
  return ctx.db.knex.transaction(async (trx) => {
    const app = await lockApplication(trx, input.receiptNo, scope);
    if (app.status !== 'under_review') {
      throw new PackregError('APPLICATION_NOT_UNDER_REVIEW', { receiptNo: app.receiptNo, status: app.status });
    }
    const status = input.decision === 'approve' ? 'completed' : 'rejected';
    await trx('applications').where({ id: app.id })
      .update({ status, reviewed_at: at, reviewed_by: actor, review_reason: reason });

    let releasedSerials: string[] = [];
    let cancelledLabels = 0;
    if (status === 'rejected') {
      const released = await trx('registrations').where({ application_id: app.id }).whereNull('released_at')
        .update({ released_at: at }, ['pack_serial']);
      releasedSerials = released.map((r: { pack_serial: string }) => r.pack_serial).sort();
      cancelledLabels = Number(await trx('label_shipments').where({ application_id: app.id, status: 'pending' }).update({ status: 'cancelled' }));
    }

    const queued = await queueNotifications(trx, [app.id], status === 'completed' ? 'review_approved' : 'review_rejected', { reason });

    await writeAudit(trx, {
      at,
      actor,
      action: input.decision === 'approve' ? 'review_approve' : 'review_reject',
      applicationId: app.id,
      receiptNo: app.receiptNo,
      reason,
      before: { status: app.status },
      after: { status, ...(releasedSerials.length > 0 ? { releasedSerials } : {}), ...(cancelledLabels > 0 ? { labelShipment: 'cancelled' } : {}) },
    });
    ctx.log.info({ receiptNo: app.receiptNo, status, actor }, 'review decided');
    return { receiptNo: app.receiptNo, status, releasedSerials, cancelledLabels, notifications: queued };
  });
}
