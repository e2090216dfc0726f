import type { Command } from 'commander';
import { sendOutbox } from '../../outbox/sendOutbox.js';
import { parsePositiveInt } from '../options.js';
import { ExitRequest, withContext } from '../runCommand.js';

/** `packreg outbox send [--limit N]`: deliver the pending notification e-mails. */
export function registerOutbox(program: Command): void {
  const outbox = program.command('outbox').description('notification e-mails to service administrators (transactional outbox)');
  outbox
    .command('send')
    .description('send due notifications through PACKREG_SMTP_URL, or write .eml files to PACKREG_OUTBOX_DIR; failures are retried later')
    .option('--limit <n>', 'attempt at most N notifications', parsePositiveInt)
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { limit?: number; json?: boolean }) => {
      await withContext(async (ctx) => {
        const result = await sendOutbox(ctx, options.limit !== undefined ? { limit: options.limit } : {});
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          process.stdout.write(`${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed (via ${result.via})\n`);
          for (const e of result.errors) process.stderr.write(`packreg: outbox ${e.id}: ${e.error}\n`);
        }
        // Exit 75 (try again later) when something is left to retry: cron and monitors notice.
        if (result.retrying + result.failed > 0) throw new ExitRequest(75);
      });
    });
}
