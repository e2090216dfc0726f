import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { WebhookSettings } from '../outbox/webhookSettings.js';
import { checkWebhookUrl } from './checkWebhookUrl.js';
import { openSecret, sealSecret, type SealKind } from './sealSecret.js';

/** A reseller's webhook as shown to it: never the secret. */
export interface WebhookView {
  readonly url: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** False when the secret is sealed under a key this process does not have (deliveries fail until it is rotated). */
  readonly secretUsable: boolean;
}

/** What `set` returns: the secret only when it was (re)generated — shown this once, never again. */
export interface WebhookSet extends WebhookView {
  readonly secret: string | null;
}

interface Row {
  reseller_code: string;
  url: string;
  secret: string;
  secret_sealed: SealKind;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (v: Date | string): string => new Date(v).toISOString();

/**
 * Per-reseller webhooks (issue 20 item 5): the owner of `reseller_webhooks`. The signing secret is
 * generated here (32 random bytes, `whsec_…`), returned once by `set`, sealed at rest when
 * PACKREG_SECRET_KEY is set (sealSecret), and read back only by the sender (`signingKey`).
 */
export const resellerWebhooks = {
  /**
   * Set the URL. A first `set` (or `rotate`) generates a new secret and returns it; changing only
   * the URL keeps the secret the receiver already knows.
   */
  async set(knex: Knex, settings: WebhookSettings, resellerCode: string, url: string, rotate = false): Promise<WebhookSet> {
    const checked = checkWebhookUrl(url);
    return knex.transaction(async (trx) => {
      const current = await trx('reseller_webhooks').where({ reseller_code: resellerCode }).forUpdate().first<Row | undefined>();
      let secret: string | null = null;
      if (!current || rotate) {
        secret = `whsec_${randomBytes(32).toString('base64url')}`;
        const sealed = sealSecret(secret, settings.secretKey, resellerCode);
        await trx('reseller_webhooks')
          .insert({ reseller_code: resellerCode, url: checked, secret: sealed.stored, secret_sealed: sealed.kind })
          .onConflict('reseller_code').merge({ url: checked, secret: sealed.stored, secret_sealed: sealed.kind, updated_at: trx.fn.now() });
      } else {
        await trx('reseller_webhooks').where({ reseller_code: resellerCode }).update({ url: checked, updated_at: trx.fn.now() });
      }
      const row = await trx('reseller_webhooks').where({ reseller_code: resellerCode }).first<Row>();
      return { ...view(row, settings), secret };
    });
  },

  async get(knex: Knex, settings: WebhookSettings, resellerCode: string): Promise<WebhookView | null> {
    const row = await knex('reseller_webhooks').where({ reseller_code: resellerCode }).first<Row | undefined>();
    return row ? view(row, settings) : null;
  },

  /** Remove it; pending deliveries are then cancelled by the sender. Returns false when none was set. */
  async remove(knex: Knex, resellerCode: string): Promise<boolean> {
    return (await knex('reseller_webhooks').where({ reseller_code: resellerCode }).delete().returning('reseller_code')).length > 0;
  },

  /** URL and secret for signing a delivery now; null when no webhook is set (or its secret cannot be opened: `secret` null). */
  async signingKey(knex: Knex, settings: WebhookSettings, resellerCode: string): Promise<{ url: string; secret: string | null } | null> {
    const row = await knex('reseller_webhooks').where({ reseller_code: resellerCode }).first<Row | undefined>();
    if (!row) return null;
    return { url: row.url, secret: openSecret(row.secret, row.secret_sealed, settings.secretKey, resellerCode) };
  },
};

function view(row: Row, settings: WebhookSettings): WebhookView {
  return {
    url: row.url,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    secretUsable: openSecret(row.secret, row.secret_sealed, settings.secretKey, row.reseller_code) !== null,
  };
}
