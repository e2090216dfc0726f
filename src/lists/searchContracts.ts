import type { Knex } from 'knex';
import { pgTextArray } from '../db/pgTextArray.js';
import { foldSearchText } from '../domain/foldSearchText.js';
import { CURSOR_KEYS, pageCursor, pageLimit, toPage, type ListPage } from './pageCursor.js';

export interface ContractSearch {
  readonly resellerCode: string;
  /** Matched as a substring of support ID, customer name and system name, folded (foldSearchText). */
  readonly q?: string;
  readonly status?: 'active' | 'expired';
  readonly limit?: number;
  readonly cursor?: string;
}

/** A service user who may receive the equipment label (SPEC §4: an `admin` or `deputy`). */
export interface LabelRecipient {
  readonly userId: string;
  readonly name: string;
  readonly role: 'admin' | 'deputy';
}

export interface ContractHit {
  readonly supportId: string;
  readonly customerName: string;
  readonly systemName: string;
  readonly status: 'active' | 'expired';
  readonly labelRecipients: LabelRecipient[];
}

/** `%`, `_` and `\` in a query are characters to find, not LIKE wildcards. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The portal's STEP 1 (SPEC §7 `contracts search`, `GET /v1/contracts`): the reseller's own
 * contracts whose folded search text contains the folded query, in support-ID order, a page at a
 * time. Another reseller's contracts are not read at all (the reseller is the index's first
 * column). The label recipients of the page's contracts come in one more query, not one per row.
 */
export async function searchContracts(knex: Knex, search: ContractSearch): Promise<ListPage<ContractHit>> {
  const limit = pageLimit(search.limit);
  const after = pageCursor.decode('contracts', search.cursor, CURSOR_KEYS.supportId);
  const folded = foldSearchText(search.q ?? '');
  const query = knex('contracts')
    .where('reseller_code', search.resellerCode)
    .orderBy('support_id')
    .limit(limit + 1)
    .select('support_id', 'customer_name', 'system_name', 'status');
  if (search.status) query.where('status', search.status);
  if (folded !== '') query.whereRaw(`search_text like ? escape '\\'`, [`%${likeLiteral(folded)}%`]);
  if (after !== null) query.where('support_id', '>', after);
  const rows: { support_id: string; customer_name: string; system_name: string; status: 'active' | 'expired' }[] = await query;
  const page = toPage(rows, limit, 'contracts', (r) => r.support_id, (r) => ({
    supportId: r.support_id,
    customerName: r.customer_name,
    systemName: r.system_name,
    status: r.status,
    labelRecipients: [] as LabelRecipient[],
  }));
  if (page.items.length === 0) return page;
  const users: { support_id: string; user_id: string; name: string; role: 'admin' | 'deputy' }[] = await knex('service_users')
    .whereRaw('support_id = any(cast(? as text[]))', [pgTextArray(page.items.map((c) => c.supportId))])
    .whereIn('role', ['admin', 'deputy'])
    .orderBy(['support_id', 'role', 'user_id'])
    .select('support_id', 'user_id', 'name', 'role');
  const bySupportId = new Map(page.items.map((c) => [c.supportId, c.labelRecipients]));
  for (const u of users) bySupportId.get(u.support_id)?.push({ userId: u.user_id, name: u.name, role: u.role });
  return page;
}
