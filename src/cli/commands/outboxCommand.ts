import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, parsePositiveInt, type Say } from '../options.js';

/** `packreg outbox send [--limit N]`: deliver the pending notification e-mails. */
export function registerOutbox(program: Command, say: Say): void {
  const outbox = program.command('outbox').description(say({ ja: '利用管理者への通知メール(トランザクショナル・アウトボックス)', en: 'notification e-mails to service administrators (transactional outbox)' }));
  outbox
    .command('send')
    .description(say({
      ja: '送信時期の来た通知を PACKREG_SMTP_URL で送る(または PACKREG_OUTBOX_DIR に .eml で書き出す)。失敗は後で再送',
      en: 'send due notifications through PACKREG_SMTP_URL, or write .eml files to PACKREG_OUTBOX_DIR; failures are retried later',
    }))
    .option('--limit <n>', say({ ja: '送信を試みる通知の上限', en: 'attempt at most N notifications' }), parsePositiveInt)
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/outboxSendAction.js').then((m) => m.outboxSendAction)));
}
