import { intField, optionalTextField, type EnvValues } from '../envFields.js';

/**
 * Environment settings of reseller webhooks (issue 20 item 5, docs/webhooks.md). Parsed by
 * `config.ts` with every other setting; kept here beside the webhook code.
 */
export const WEBHOOK_ENV = {
  /**
   * 32 bytes (64 hex digits, or base64) that seal the webhook signing secrets at rest
   * (AES-256-GCM). Without it secrets are stored as they are — protected only by the database's
   * own access control. Losing it makes sealed secrets unusable: set the webhooks again.
   */
  PACKREG_SECRET_KEY: optionalTextField(),
  /** Seconds a webhook delivery may take (connect, send, first response bytes) before it fails. */
  PACKREG_WEBHOOK_TIMEOUT_SECONDS: intField(10),
  /** Attempts of one delivery before it is marked failed. */
  PACKREG_WEBHOOK_MAX_ATTEMPTS: intField(8),
  /** Wait after the first failed attempt; doubled after each further failure. */
  PACKREG_WEBHOOK_RETRY_SECONDS: intField(30, { min: 0 }),
};

/** The resolved webhook settings (`config.webhooks`). */
export interface WebhookSettings {
  /** The sealing key, or null when none is configured. */
  readonly secretKey: Buffer | null;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly retrySeconds: number;
}

type WebhookEnv = EnvValues<typeof WEBHOOK_ENV>;

/** Turn the parsed environment into `WebhookSettings`; a key that is not 32 bytes is refused. */
export function webhookSettings(e: WebhookEnv): WebhookSettings | string {
  let secretKey: Buffer | null = null;
  if (e.PACKREG_SECRET_KEY) {
    const text = e.PACKREG_SECRET_KEY.trim();
    secretKey = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (secretKey.length !== 32) return 'PACKREG_SECRET_KEY: 32 bytes expected (64 hex digits or base64)';
  }
  return {
    secretKey,
    timeoutMs: e.PACKREG_WEBHOOK_TIMEOUT_SECONDS * 1000,
    maxAttempts: e.PACKREG_WEBHOOK_MAX_ATTEMPTS,
    retrySeconds: e.PACKREG_WEBHOOK_RETRY_SECONDS,
  };
}
