import type { Context } from '../context.js';
import { composeNotification, type NotificationFacts } from './composeNotification.js';
import { makeMailer, type Mailer } from './makeMailer.js';

export interface SendOutboxOptions {
  /** At most this many notifications are attempted in this run (default: all that are due). */
  readonly limit?: number;
  /** Tests inject one; otherwise built from `config.outbox` (SMTP or .eml folder). */
  readonly mailer?: Mailer;
}

export interface SendOutboxResult {
  /** Where the messages went: the SMTP server or the .eml folder. */
  readonly via: string;
  readonly sent: number;
  /** Failed attempts that will be retried later. */
  readonly retrying: number;
  /** Failed attempts that used the last try: the row is now `failed`. */
  readonly failed: number;
  readonly errors: ReadonlyArray<{ readonly id: number; readonly error: string }>;
}

/**
 * Deliver the due notifications of the transactional outbox, oldest first. Each one is claimed
 * in its own transaction with `for update skip locked` and stays locked while it is sent, so two
 * senders (two cron runs, two machines) never send one twice: the second skips it, and once the
 * first commits it is `sent`. A failure adds to `attempts`, keeps `last_error` and waits
 * (`PACKREG_OUTBOX_RETRY_SECONDS`, doubled per failure) before the next try; the last allowed
 * attempt (`PACKREG_OUTBOX_MAX_ATTEMPTS`) marks it `failed`. A crash after the server accepted a
 * message but before the commit sends it again next time (at least once — the fixed Message-ID
 * lets a mailbox see the duplicate).
 */
export async function sendOutbox(ctx: Context, options: SendOutboxOptions = {}): Promise<SendOutboxResult> {
  const settings = ctx.config.outbox;
  const mailer = options.mailer ?? makeMailer(settings);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const result = { via: mailer.describe, sent: 0, retrying: 0, failed: 0, errors: [] as Array<{ id: number; error: string }> };
  // A row that fails in this run is due again only later, but its back-off could be 0 with a
  // frozen clock: the cursor makes each run visit each row at most once.
  let after = 0;
  try {
    for (let attempted = 0; attempted < limit; attempted++) {
      const now = ctx.clock.now();
      const outcome = await ctx.db.knex.transaction(async (trx) => {
        const claimed = await trx.raw(
          `select o.id, o.email, o.kind, o.attempts, a.receipt_no,
                  -- The packs are read now, not when the notification was queued (queueNotifications).
                  o.payload || jsonb_build_object('packs',
                    (select jsonb_agg(jsonb_build_object('packModel', g.pack_model, 'packSerial', g.pack_serial,
                                                         'serviceStart', g.service_start, 'serviceEnd', g.service_end)
                                      order by g.import_seq)
                       from registrations g where g.application_id = a.id)) as payload,
                  (select u.name from service_users u where u.user_id = o.recipient_user_id and u.support_id = a.support_id) as recipient_name
             from notification_outbox o
             join applications a on a.id = o.application_id
            where o.status = 'pending' and (o.next_attempt_at is null or o.next_attempt_at <= :now) and o.id > :after
            order by o.id
            limit 1
            for update of o skip locked`,
          { now, after },
        );
        const row = claimed.rows[0] as
          | { id: number; email: string; kind: string; payload: NotificationFacts['payload']; attempts: number; receipt_no: string; recipient_name: string | null }
          | undefined;
        if (!row) return null;
        const mail = composeNotification({ kind: row.kind, recipientName: row.recipient_name, payload: row.payload });
        const attempts = row.attempts + 1;
        try {
          await mailer.send({ outboxId: row.id, receiptNo: row.receipt_no, to: row.email, date: now, ...mail });
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
          const giveUp = attempts >= settings.maxAttempts;
          const wait = settings.retrySeconds * 2 ** (attempts - 1);
          await trx('notification_outbox').where({ id: row.id }).update({
            attempts,
            last_error: message,
            status: giveUp ? 'failed' : 'pending',
            next_attempt_at: giveUp ? null : new Date(now.getTime() + wait * 1_000),
          });
          return { id: row.id, ok: false as const, giveUp, message };
        }
        await trx('notification_outbox').where({ id: row.id })
          .update({ attempts, status: 'sent', sent_at: now, last_error: null, next_attempt_at: null });
        return { id: row.id, ok: true as const };
      });
      if (!outcome) break;
      after = outcome.id;
      if (outcome.ok) {
        result.sent++;
      } else {
        if (outcome.giveUp) result.failed++;
        else result.retrying++;
        result.errors.push({ id: outcome.id, error: outcome.message });
        ctx.log.warn({ outboxId: outcome.id, err: outcome.message, giveUp: outcome.giveUp }, 'notification not delivered');
      }
    }
  } finally {
    if (!options.mailer) mailer.close();
  }
  ctx.log.info({ ...result, errors: result.errors.length }, 'outbox sent');
  return result;
}
