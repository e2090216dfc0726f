import { reviewApplication } from '../../applications/reviewApplication.js';
import { applicationStatusLabel } from '../../domain/applicationStatus.js';
import type { Lang } from '../../domain/lang.js';
import { withContext } from '../withContext.js';

/** `packreg review approve|reject` (registered in commands/reviewCommand.ts). */
export async function reviewAction(decision: 'approve' | 'reject', receiptNo: string, options: { reason?: string; json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const outcome = await reviewApplication(ctx, { receiptNo: receiptNo.trim().toUpperCase(), decision, reason: options.reason ?? null });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
      return;
    }
    const lang = options.lang ?? ctx.config.lang;
    const status = applicationStatusLabel(outcome.status, lang);
    const serials = outcome.releasedSerials.join(' ');
    process.stdout.write(lang === 'ja'
      ? `${outcome.receiptNo}: ${status}${serials ? `、登録を取り消したシリアル ${serials}` : ''}。通知 ${outcome.notifications} 件をキューに入れました\n`
      : `${outcome.receiptNo}: ${status}${serials ? `, released ${serials}` : ''}; ${outcome.notifications} notification(s) queued\n`);
  });
}
