import type { Context } from '../context.js';
import { resellerWebhooks } from '../settings/resellerWebhooks.js';
import { postWebhook, type WebhookAttempt } from './postWebhook.js';
import { signWebhook } from './signWebhook.js';

export interface SendWebhooksResult {
  readonly sent: number;
  /** Failed attempts that will be retried later. */
  readonly retrying: number;
  /** Failed attempts that used the last try: the delivery is now `failed`. */
  readonly failed: number;
  /** Deliveries whose reseller removed its webhook before they went out. */
  readonly cancelled: number;
  readonly errors: ReadonlyArray<{ readonly id: number; readonly error: string }>;
}

interface Claimed {
  id: number;
  reseller_code: string;
  event: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Deliver the due webhooks of the transactional outbox, oldest first — `packreg outbox send`
 * runs this beside the e-mails (sendOutbox) and works the same way: each delivery is claimed in
 * its own transaction with `for update skip locked` and stays locked while it is posted, so two
 * senders never post one twice at once; every attempt is recorded in `webhook_attempts` (status,
 * time, error, a short excerpt of the answer) in that transaction; a failure waits
 * `PACKREG_WEBHOOK_RETRY_SECONDS`, doubled per failure, and the last allowed attempt
 * (`PACKREG_WEBHOOK_MAX_ATTEMPTS`) marks it `failed`. The URL and secret are the reseller's
 * current ones (a corrected URL takes effect for the retries); a removed webhook cancels it.
 * Delivery is at least once: the body carries `deliveryId` for the receiver to drop repeats.
 */
export async function sendWebhooks(ctx: Context, options: { limit?: number } = {}): Promise<SendWebhooksResult> {
  const settings = ctx.config.webhooks;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const result = { sent: 0, retrying: 0, failed: 0, cancelled: 0, errors: [] as Array<{ id: number; error: string }> };
  // As in sendOutbox: with a back-off of 0 and a frozen clock, the cursor keeps each run to one visit per row.
  let after = 0;
  for (let attempted = 0; attempted < limit; attempted++) {
    const now = ctx.clock.now();
    const outcome = await ctx.db.knex.transaction(async (trx) => {
      const claimed = await trx.raw(
        `select id, reseller_code, event, payload, attempts
           from webhook_deliveries
          where status = 'pending' and (next_attempt_at is null or next_attempt_at <= :now) and id > :after
          order by id
          limit 1
          for update skip locked`,
        { now, after },
      );
      const row = claimed.rows[0] as Claimed | undefined;
      if (!row) return null;
      const target = await resellerWebhooks.signingKey(trx, settings, row.reseller_code);
      if (!target) {
        await trx('webhook_deliveries').where({ id: row.id }).update({ status: 'cancelled', next_attempt_at: null, last_error: 'webhook removed' });
        return { id: row.id, kind: 'cancelled' as const };
      }
      const attempts = row.attempts + 1;
      let attempt: WebhookAttempt;
      if (target.secret === null) {
        attempt = { httpStatus: null, ok: false, error: 'the signing secret cannot be opened (PACKREG_SECRET_KEY missing or changed): rotate the secret', excerpt: null, durationMs: 0 };
      } else {
        const body = JSON.stringify({ deliveryId: row.id, ...row.payload });
        const headers = {
          'x-packreg-event': row.event,
          'x-packreg-delivery': String(row.id),
          'x-packreg-signature': signWebhook(target.secret, Math.floor(now.getTime() / 1000), body),
        };
        attempt = await postWebhook(target.url, body, headers, settings.timeoutMs);
      }
      await trx('webhook_attempts').insert({
        delivery_id: row.id, at: now, duration_ms: attempt.durationMs, http_status: attempt.httpStatus, error: attempt.error, response_excerpt: attempt.excerpt,
      });
      if (attempt.ok) {
        await trx('webhook_deliveries').where({ id: row.id }).update({ attempts, status: 'sent', sent_at: now, last_error: null, next_attempt_at: null });
        return { id: row.id, kind: 'sent' as const };
      }
      const giveUp = attempts >= settings.maxAttempts;
      const wait = settings.retrySeconds * 2 ** (attempts - 1);
      await trx('webhook_deliveries').where({ id: row.id }).update({
        attempts,
        last_error: attempt.error,
        status: giveUp ? 'failed' : 'pending',
        next_attempt_at: giveUp ? null : new Date(now.getTime() + wait * 1_000),
      });
      return { id: row.id, kind: giveUp ? ('failed' as const) : ('retrying' as const), error: attempt.error ?? '' };
    });
    if (!outcome) break;
    after = outcome.id;
    result[outcome.kind] += 1;
    if (outcome.kind === 'failed' || outcome.kind === 'retrying') {
      result.errors.push({ id: outcome.id, error: outcome.error });
      ctx.log.warn({ deliveryId: outcome.id, err: outcome.error, giveUp: outcome.kind === 'failed' }, 'webhook not delivered');
    }
  }
  ctx.log.info({ ...result, errors: result.errors.length }, 'webhooks sent');
  return result;
}
