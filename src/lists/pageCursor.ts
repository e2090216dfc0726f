import { PackregError } from '../domain/PackregError.js';

/** Keys of the lists' cursors: a bigint id, a uuid, a support ID. */
export const CURSOR_KEYS = {
  id: /^\d{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  supportId: /^3\d{8}$/,
} as const;

/** One page of a reseller list (issue 20): the rows, and the cursor of the next page or null. */
export interface ListPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Rows per page unless asked (`limit`), and the most a page may hold. */
export const LIST_LIMITS = { default: 50, max: 200 } as const;

/**
 * Keyset cursors: the key of a page's last row, tagged with its list, as base64url JSON. Opaque
 * to clients (they pass back what they got); a cursor of another list, or anything that does not
 * decode, is CURSOR_INVALID. A cursor names a position, never a row another reseller could read:
 * every list re-applies the reseller to the row the cursor points at.
 */
export const pageCursor = {
  encode(list: string, key: string | number): string {
    return Buffer.from(JSON.stringify([list, key])).toString('base64url');
  },
  decode(list: string, cursor: string | undefined, shape: RegExp): string | null {
    if (cursor === undefined || cursor === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw new PackregError('CURSOR_INVALID');
    }
    if (!Array.isArray(value) || value.length !== 2 || value[0] !== list || !shape.test(String(value[1]))) {
      throw new PackregError('CURSOR_INVALID');
    }
    return String(value[1]);
  },
};

/** `limit` + 1 rows were read: the page is the first `limit`, and a next page exists if more came. */
export function toPage<R, T>(rows: R[], limit: number, list: string, keyOf: (row: R) => string | number, map: (row: R) => T): ListPage<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(map), nextCursor: more ? pageCursor.encode(list, keyOf(page[page.length - 1]!)) : null };
}

/** A requested page size, within 1…LIST_LIMITS.max (the HTTP schema refuses others first). */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return LIST_LIMITS.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMITS.max) {
    throw new PackregError('USAGE', { detail: { ja: `--limit は 1〜${LIST_LIMITS.max} で指定してください`, en: `--limit must be 1-${LIST_LIMITS.max}` } });
  }
  return limit;
}
