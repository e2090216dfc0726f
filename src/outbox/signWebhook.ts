import { createHmac } from 'node:crypto';

/**
 * The `X-Packreg-Signature` header of a webhook delivery: `t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256 under the reseller's secret of `<t>.<body>` — the timestamp is signed with the body,
 * so a receiver that rejects old timestamps (docs/webhooks.md: 5 minutes) cannot be replayed to.
 */
export function signWebhook(secret: string, unixSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
