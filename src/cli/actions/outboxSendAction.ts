import type { Lang } from '../../domain/lang.js';
import { sendOutbox } from '../../outbox/sendOutbox.js';
import { sendWebhooks } from '../../outbox/sendWebhooks.js';
import { ExitRequest } from '../ExitRequest.js';
import { withContext } from '../withContext.js';

/** `packreg outbox send`: exit 75 (try again later) when something is left to retry, so cron and monitors notice. */
export async function outboxSendAction(options: { limit?: number; json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const limit = options.limit !== undefined ? { limit: options.limit } : {};
    const result = await sendOutbox(ctx, limit);
    // The resellers' webhooks (issue 20 item 5) go out with the e-mails.
    const webhooks = await sendWebhooks(ctx, limit);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...result, webhooks })}\n`);
    } else {
      const ja = (options.lang ?? ctx.config.lang) === 'ja';
      process.stdout.write(ja
        ? `送信 ${result.sent} 件、再送待ち ${result.retrying} 件、失敗 ${result.failed} 件(${result.via})\n`
        : `${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed (via ${result.via})\n`);
      for (const e of result.errors) process.stderr.write(`packreg: outbox ${e.id}: ${e.error}\n`);
      process.stdout.write(ja
        ? `Webhook: 送信 ${webhooks.sent} 件、再送待ち ${webhooks.retrying} 件、失敗 ${webhooks.failed} 件、取消 ${webhooks.cancelled} 件\n`
        : `webhooks: ${webhooks.sent} sent, ${webhooks.retrying} to retry, ${webhooks.failed} failed, ${webhooks.cancelled} cancelled\n`);
      for (const e of webhooks.errors) process.stderr.write(`packreg: webhook ${e.id}: ${e.error}\n`);
    }
    if (result.retrying + result.failed + webhooks.retrying + webhooks.failed > 0) throw new ExitRequest(75);
  });
}
