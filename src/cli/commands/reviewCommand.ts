import type { Command } from 'commander';
import { reviewApplication } from '../../applications/reviewApplication.js';
import { withContext } from '../runCommand.js';

/** `packreg review approve|reject RECEIPT_NO [--reason TEXT]`: the operator's review decision. */
export function registerReview(program: Command): void {
  const review = program.command('review').description('decide an application under review (operator command; audited as PACKREG_OPERATOR or the OS user)');
  for (const decision of ['approve', 'reject'] as const) {
    review
      .command(decision)
      .description(decision === 'approve'
        ? 'complete an application under review'
        : 'reject an application under review: its serials are released and its pending label cancelled')
      .argument('<receiptNo>', 'receipt number')
      .option('--reason <text>', 'why (recorded and sent to the administrators)')
      .option('--json', 'print the outcome as JSON')
      .action(async (receiptNo: string, options: { reason?: string; json?: boolean }) => {
        await withContext(async (ctx) => {
          const outcome = await reviewApplication(ctx, { receiptNo: receiptNo.trim().toUpperCase(), decision, reason: options.reason ?? null });
          if (options.json) {
            process.stdout.write(`${JSON.stringify(outcome)}\n`);
            return;
          }
          const released = outcome.releasedSerials.length > 0 ? `, released ${outcome.releasedSerials.join(' ')}` : '';
          process.stdout.write(`${outcome.receiptNo}: ${outcome.status}${released}; ${outcome.notifications} notification(s) queued\n`);
        });
      });
  }
}
