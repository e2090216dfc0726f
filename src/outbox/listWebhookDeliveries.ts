import type { Knex } from 'knex';

export interface WebhookAttemptView {
  readonly at: string;
  readonly durationMs: number;
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly responseExcerpt: string | null;
}

export interface WebhookDeliveryView {
  readonly id: number;
  readonly importId: string;
  readonly event: string;
  readonly status: 'pending' | 'sent' | 'failed' | 'cancelled';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly attemptLog: readonly WebhookAttemptView[];
}

export interface DeliveryPage {
  readonly deliveries: readonly WebhookDeliveryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly next: number | null;
}

export const MAX_PAGE = 100;
const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

/**
 * The reseller's webhook deliveries, newest first, with every attempt — its own only (the
 * reseller code is the first condition of every query). Keyset pagination on the delivery id
 * (`before`), two queries per page whatever its size.
 */
export async function listWebhookDeliveries(knex: Knex, resellerCode: string, page: { limit?: number; before?: number } = {}): Promise<DeliveryPage> {
  const limit = Math.min(Math.max(page.limit ?? 20, 1), MAX_PAGE);
  const q = knex('webhook_deliveries').where({ reseller_code: resellerCode }).orderBy('id', 'desc').limit(limit + 1)
    .select('id', 'import_id', 'event', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'sent_at');
  if (page.before !== undefined) q.where('id', '<', page.before);
  const rows: Array<Record<string, unknown>> = await q;
  const shown = rows.slice(0, limit);
  const ids = shown.map((r) => Number(r.id));
  const attempts: Array<Record<string, unknown>> = ids.length === 0 ? [] : await knex('webhook_attempts')
    .whereIn('delivery_id', ids).orderBy('id').select('delivery_id', 'at', 'duration_ms', 'http_status', 'error', 'response_excerpt');
  const byDelivery = new Map<number, WebhookAttemptView[]>();
  for (const a of attempts) {
    const list = byDelivery.get(Number(a.delivery_id)) ?? [];
    list.push({ at: iso(a.at)!, durationMs: Number(a.duration_ms), httpStatus: a.http_status === null ? null : Number(a.http_status), error: (a.error as string | null) ?? null, responseExcerpt: (a.response_excerpt as string | null) ?? null });
    byDelivery.set(Number(a.delivery_id), list);
  }
  return {
    deliveries: shown.map((r) => ({
      id: Number(r.id),
      importId: String(r.import_id),
      event: String(r.event),
      status: r.status as WebhookDeliveryView['status'],
      attempts: Number(r.attempts),
      nextAttemptAt: iso(r.next_attempt_at),
      lastError: (r.last_error as string | null) ?? null,
      createdAt: iso(r.created_at)!,
      sentAt: iso(r.sent_at),
      attemptLog: byDelivery.get(Number(r.id)) ?? [],
    })),
    next: rows.length > limit ? ids[ids.length - 1]! : null,
  };
}
