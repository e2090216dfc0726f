import type { Lang } from '../../domain/lang.js';
import { sendOutbox } from '../../outbox/sendOutbox.js';
import { ExitRequest } from '../ExitRequest.js';
import { withContext } from '../withContext.js';

/** `packreg outbox send`: exit 75 (try again later) when something is left to retry, so cron and monitors notice. */
export async function outboxSendAction(options: { limit?: number; json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const result = await sendOutbox(ctx, options.limit !== undefined ? { limit: options.limit } : {});
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const ja = (options.lang ?? ctx.config.lang) === 'ja';
      process.stdout.write(ja
        ? `送信 ${result.sent} 件、再送待ち ${result.retrying} 件、失敗 ${result.failed} 件(${result.via})\n`
        : `${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed (via ${result.via})\n`);
      for (const e of result.errors) process.stderr.write(`packreg: outbox ${e.id}: ${e.error}\n`);
    }
    if (result.retrying + result.failed > 0) throw new ExitRequest(75);
  });
}
