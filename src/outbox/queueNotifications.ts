import type { Knex } from 'knex';

export type NotificationKind = 'application_received' | 'review_approved' | 'review_rejected';

/**
 * The transactional outbox: one notification per administrator and deputy (利用管理者,
 * 利用管理者代行) of each application's support ID, written in the caller's transaction so it
 * exists exactly when the change it announces does. A notification already queued for the same
 * application, recipient and kind is left alone. Returns how many were queued. The list of packs
 * is not copied here: an application's packs never change after its receipt, and building the
 * list for every application was a quarter of a large import's commit (issue 19); `sendOutbox`
 * reads it when the mail is sent.
 */
export async function queueNotifications(
  trx: Knex.Transaction,
  applicationIds: readonly (number | string)[],
  kind: NotificationKind,
  /** Review decisions carry their reason (null when none was given); receipts carry none. */
  extra: { reason: string | null } | null = null,
): Promise<number> {
  const result = await trx.raw(
    `insert into notification_outbox (application_id, recipient_user_id, email, kind, payload)
     select a.id, u.user_id, u.email, :kind,
            jsonb_build_object('receiptNo', a.receipt_no, 'supportId', a.support_id, 'status', a.status)
              || coalesce(cast(:extra as jsonb), '{}')
       from applications a
       join service_users u on u.support_id = a.support_id and u.role in ('admin', 'deputy')
      where a.id = any(cast(:ids as bigint[]))
     on conflict (application_id, recipient_user_id, kind) do nothing
     returning id`,
    { ids: `{${applicationIds.join(',')}}`, kind, extra: extra ? JSON.stringify(extra) : null },
  );
  return (result.rows as unknown[]).length;
}
