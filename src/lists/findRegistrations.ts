import type { Knex } from 'knex';
import { tokyoIso } from '../clock.js';
import type { ApplicationStatus } from '../domain/applicationStatus.js';
import { normaliseValue } from '../rules/normaliseValue.js';
import { CURSOR_KEYS, pageCursor, pageLimit, toPage, type ListPage } from './pageCursor.js';

export interface RegistrationQuery {
  readonly resellerCode: string;
  /** A pack serial, normalised like an upload's (NFKC, dashes, upper case). */
  readonly serial: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface RegistrationItem {
  readonly serial: string;
  readonly packModel: string;
  readonly receiptNo: string;
  readonly supportId: string;
  /** The application's status: completed, under_review, or rejected after review. */
  readonly status: ApplicationStatus;
  readonly productModel: string;
  readonly productSerial: string;
  readonly serviceStart: string;
  readonly serviceEnd: string;
  /** Set when a rejected review released the serial (it may be registered again). */
  readonly releasedAt: string | null;
  readonly registeredAt: string;
}

/**
 * `GET /v1/registrations?serial=` (issue 20 item 2): what became of one pack serial in the
 * reseller's own applications — the live registration and any a rejected review released, newest
 * first. A serial another reseller registered is simply not there.
 */
export async function findRegistrations(knex: Knex, query: RegistrationQuery): Promise<ListPage<RegistrationItem>> {
  const limit = pageLimit(query.limit);
  const after = pageCursor.decode('registrations', query.cursor, CURSOR_KEYS.id);
  const serial = normaliseValue('pack_serial', query.serial);
  // Two partial indexes hold a serial's rows (live: registrations_pack_serial_key; released:
  // migration 0011); each branch states its index's predicate so the planner can use it.
  const branch = (released: boolean) => knex('registrations as g')
    .join('applications as a', 'a.id', 'g.application_id')
    .where('g.pack_serial', serial)
    .where('a.reseller_code', query.resellerCode)
    .where((w) => (released ? w.whereNotNull('g.released_at') : w.whereNull('g.released_at')))
    .where((w) => (after !== null ? w.where('g.id', '<', after) : w))
    .select('g.id', 'g.pack_serial', 'g.pack_model', 'a.receipt_no', 'a.support_id', 'a.status', 'g.product_model', 'g.product_serial',
      knex.raw(`to_char(g.service_start, 'YYYY-MM-DD') as service_start`), knex.raw(`to_char(g.service_end, 'YYYY-MM-DD') as service_end`),
      'g.released_at', 'g.created_at');
  const rows: Record<string, unknown>[] = await knex
    .select('*')
    .from(branch(false).unionAll(branch(true), true).as('r'))
    .orderBy('id', 'desc')
    .limit(limit + 1);
  return toPage(rows, limit, 'registrations', (r) => String(r.id), (r) => ({
    serial: String(r.pack_serial),
    packModel: String(r.pack_model),
    receiptNo: String(r.receipt_no),
    supportId: String(r.support_id),
    status: r.status as ApplicationStatus,
    productModel: String(r.product_model),
    productSerial: String(r.product_serial),
    serviceStart: String(r.service_start),
    serviceEnd: String(r.service_end),
    releasedAt: r.released_at ? tokyoIso(r.released_at as Date) : null,
    registeredAt: tokyoIso(r.created_at as Date),
  }));
}
