import type { Knex } from 'knex';
import { tokyoDayStart, tokyoIso } from '../clock.js';
import type { ApplicationStatus } from '../domain/applicationStatus.js';
import { normaliseValue } from '../rules/normaliseValue.js';
import { CURSOR_KEYS, pageCursor, pageLimit, toPage, type ListPage } from './pageCursor.js';

export interface ApplicationListQuery {
  readonly resellerCode: string;
  readonly status?: ApplicationStatus;
  readonly supportId?: string;
  /** Calendar dates (YYYY-MM-DD) in Asia/Tokyo, both inclusive. */
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ApplicationListItem {
  readonly receiptNo: string;
  readonly supportId: string;
  readonly customerName: string;
  readonly status: ApplicationStatus;
  /** Live registrations, and those a rejected review released (their serials are free again). */
  readonly counts: { registrations: number; released: number };
  readonly importId: string;
  /** When the receipt was issued, and when an operator decided a review (ISO 8601, +09:00). */
  readonly receivedAt: string;
  readonly reviewedAt: string | null;
}

/**
 * The portal's 登録状況確認 (SPEC §7 `applications list`, `GET /v1/applications`): the reseller's
 * own applications, newest first, a page at a time, filtered by status, support ID and receipt
 * date (Asia/Tokyo). One query: the registration counts of the page's rows come from a lateral
 * count over registrations_application_idx.
 */
export async function listApplications(knex: Knex, query: ApplicationListQuery): Promise<ListPage<ApplicationListItem>> {
  const limit = pageLimit(query.limit);
  const after = pageCursor.decode('applications', query.cursor, CURSOR_KEYS.id);
  const q = knex('applications as a')
    .join('contracts as c', 'c.support_id', 'a.support_id')
    .joinRaw(`cross join lateral (
        select count(*) filter (where g.released_at is null) as live, count(*) filter (where g.released_at is not null) as released
          from registrations g where g.application_id = a.id) n`)
    .where('a.reseller_code', query.resellerCode)
    .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
    .limit(limit + 1)
    .select('a.id', 'a.receipt_no', 'a.support_id', 'c.customer_name', 'a.status', 'a.import_id', 'a.created_at', 'a.reviewed_at', 'n.live', 'n.released');
  if (query.status) q.where('a.status', query.status);
  if (query.supportId) q.where('a.support_id', normaliseValue('support_id', query.supportId));
  if (query.since) q.where('a.created_at', '>=', tokyoDayStart(query.since));
  if (query.until) q.where('a.created_at', '<', new Date(tokyoDayStart(query.until).getTime() + 86_400_000));
  if (after !== null) {
    // The cursor's row is looked up within the reseller: another reseller's id positions nothing.
    q.whereRaw('(a.created_at, a.id) < (select p.created_at, p.id from applications p where p.id = ? and p.reseller_code = ?)', [
      after, query.resellerCode,
    ]);
  }
  const rows: Record<string, unknown>[] = await q;
  return toPage(rows, limit, 'applications', (r) => String(r.id), (r) => ({
    receiptNo: String(r.receipt_no),
    supportId: String(r.support_id),
    customerName: String(r.customer_name),
    status: r.status as ApplicationStatus,
    counts: { registrations: Number(r.live), released: Number(r.released) },
    importId: String(r.import_id),
    receivedAt: tokyoIso(r.created_at as Date),
    reviewedAt: r.reviewed_at ? tokyoIso(r.reviewed_at as Date) : null,
  }));
}
