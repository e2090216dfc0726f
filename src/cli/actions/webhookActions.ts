import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { listWebhookDeliveries } from '../../outbox/listWebhookDeliveries.js';
import { checkWebhookUrl } from '../../settings/checkWebhookUrl.js';
import { resellerWebhooks } from '../../settings/resellerWebhooks.js';
import { withContext } from '../withContext.js';
import { requireReseller } from './requireReseller.js';

interface WebhookOptions {
  reseller: string;
  json?: boolean;
  lang?: Lang;
}

const out = (text: string) => process.stdout.write(text);

/** `packreg webhook set --reseller CODE URL [--rotate-secret]`: the secret, when new, is printed once. */
export async function webhookSetAction(url: string, options: WebhookOptions & { rotateSecret?: boolean }): Promise<void> {
  checkWebhookUrl(url);
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    const set = await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, options.reseller, url, options.rotateSecret ?? false);
    if (options.json) return void out(`${JSON.stringify(set)}\n`);
    const ja = (options.lang ?? ctx.config.lang) === 'ja';
    out(`${set.url}\n`);
    if (set.secret) {
      out(`${set.secret}\n`);
      process.stderr.write(ja
        ? 'packreg webhook set: 上の 2 行目が署名用シークレットです。表示はこの 1 回だけです。受信側に保存してください。\n'
        : 'packreg webhook set: the second line above is the signing secret. It is shown only this once: store it with the receiver.\n');
    }
  });
}

/** `packreg webhook show --reseller CODE`: exit 66 (WEBHOOK_NOT_SET) when there is none. */
export async function webhookShowAction(options: WebhookOptions): Promise<void> {
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    const hook = await resellerWebhooks.get(ctx.db.knex, ctx.config.webhooks, options.reseller);
    if (!hook) throw new PackregError('WEBHOOK_NOT_SET');
    const ja = (options.lang ?? ctx.config.lang) === 'ja';
    out(options.json ? `${JSON.stringify(hook)}\n` : `${hook.url}\n${ja ? '更新' : 'updated'} ${hook.updatedAt}${hook.secretUsable ? '' : ja ? '  (シークレットを開けません: --rotate-secret で作り直してください)' : '  (secret cannot be opened: set it again with --rotate-secret)'}\n`);
  });
}

/** `packreg webhook remove --reseller CODE`. */
export async function webhookRemoveAction(options: WebhookOptions): Promise<void> {
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    if (!(await resellerWebhooks.remove(ctx.db.knex, options.reseller))) throw new PackregError('WEBHOOK_NOT_SET');
    if (options.json) out(`${JSON.stringify({ removed: true })}\n`);
    else process.stderr.write((options.lang ?? ctx.config.lang) === 'ja' ? 'packreg webhook remove: 削除しました\n' : 'packreg webhook remove: removed\n');
  });
}

/** `packreg webhook deliveries --reseller CODE [--limit N] [--before ID]`. */
export async function webhookDeliveriesAction(options: WebhookOptions & { limit?: number; before?: number }): Promise<void> {
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    const page = await listWebhookDeliveries(ctx.db.knex, options.reseller, {
      ...(options.limit ? { limit: options.limit } : {}), ...(options.before ? { before: options.before } : {}),
    });
    if (options.json) return void out(`${JSON.stringify(page)}\n`);
    for (const d of page.deliveries) {
      out(`${d.id}  ${d.event}  ${d.importId}  ${d.status}  ${d.attempts}  ${d.createdAt}${d.lastError ? `  ${d.lastError}` : ''}\n`);
      for (const a of d.attemptLog) out(`    ${a.at}  ${a.httpStatus ?? '-'}  ${a.durationMs} ms${a.error ? `  ${a.error}` : ''}\n`);
    }
    if (page.next !== null) out(`next: --before ${page.next}\n`);
  });
}
