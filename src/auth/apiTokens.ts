import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';

/** The reseller a valid token speaks for. */
export interface TokenOwner {
  readonly tokenId: string;
  readonly resellerCode: string;
}

const PREFIX = 'packreg';
// packreg_<token id, 32 hex>_<secret: 32 random bytes, base64url (43 chars)>
const TOKEN_SHAPE = /^packreg_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const uuidOf = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/**
 * Bearer tokens per reseller (SPEC §7 HTTP). A token carries its row id in clear and 32 random
 * bytes; only the sha256 of the whole token is stored, so a leaked database yields no usable
 * token. Verification finds the row by id (not by the secret) and compares hashes with
 * `timingSafeEqual`, so response times say nothing about how close a guess was.
 */
export const apiTokens = {
  /** Create a token for `resellerCode`; the clear token is returned once and never stored. */
  async create(knex: Knex, resellerCode: string, label = ''): Promise<{ id: string; token: string }> {
    const idHex = randomBytes(16).toString('hex');
    const token = `${PREFIX}_${idHex}_${randomBytes(32).toString('base64url')}`;
    const id = uuidOf(idHex);
    await knex('api_tokens').insert({ id, reseller_code: resellerCode, token_hash: sha256(token).toString('hex'), label });
    return { id, token };
  },

  /**
   * Revoke a token given by its id or by the token itself. Returns false when no such live token
   * exists (unknown, or revoked already).
   */
  async revoke(knex: Knex, idOrToken: string): Promise<boolean> {
    const shape = TOKEN_SHAPE.exec(idOrToken);
    const id = shape ? uuidOf(shape[1]!) : idOrToken;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
    const q = knex('api_tokens').where({ id }).whereNull('revoked_at');
    if (shape) q.andWhere({ token_hash: sha256(idOrToken).toString('hex') });
    return (await q.update({ revoked_at: knex.fn.now() })) > 0;
  },

  /** The owner of a live token, or null for a malformed, unknown or revoked one. */
  async verify(knex: Knex, token: string): Promise<TokenOwner | null> {
    const shape = TOKEN_SHAPE.exec(token);
    if (!shape) return null;
    const row = await knex('api_tokens').where({ id: uuidOf(shape[1]!) }).first('id', 'reseller_code', 'token_hash', 'revoked_at');
    if (!row || row.revoked_at !== null) return null;
    const stored = Buffer.from(String(row.token_hash).trim(), 'hex');
    const given = sha256(token);
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;
    // At most one write a minute per token: every API call would otherwise be a write.
    await knex('api_tokens').where({ id: row.id })
      .andWhere((w) => w.whereNull('last_used_at').orWhere('last_used_at', '<', knex.raw(`now() - interval '1 minute'`)))
      .update({ last_used_at: knex.fn.now() });
    return { tokenId: row.id, resellerCode: row.reseller_code };
  },
};
