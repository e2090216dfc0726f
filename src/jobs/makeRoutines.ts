import path from 'node:path';
import type { Context } from '../context.js';

/** A job run on a schedule: its graphile-worker task name, its cron line (in the schedule's zone). */
export interface Routine {
  readonly task: string;
  readonly cron: string;
  run(at: Date): Promise<void>;
}

/**
 * The routine jobs (issue 18.5): due notifications (e-mails and the resellers' webhooks) and
 * label exports, one table for every runner: `packreg worker` and `serve` on PostgreSQL
 * (graphile-worker cron: each tick is queued once across all processes, by its known_crontabs and
 * the job key), and `serve` on the embedded database (`startEmbeddedSchedule`: one process owns
 * the database, so it alone runs them). Modules load when a routine runs.
 */
export function makeRoutines(ctx: Context): Routine[] {
  const settings = ctx.config.schedule;
  const routines: Routine[] = [];
  if (settings.outboxCron) {
    routines.push({
      task: 'packreg_outbox_send',
      cron: settings.outboxCron,
      // What `packreg outbox send` sends: the e-mails, then the resellers' webhooks (issue 20.5).
      // One that throws (the SMTP server unreachable) does not hold the other back; the routine
      // fails after both have run. A failed delivery is the outbox's own retry (attempts,
      // back-off), not a job failure.
      async run() {
        const { sendOutbox } = await import('../outbox/sendOutbox.js');
        const { sendWebhooks } = await import('../outbox/sendWebhooks.js');
        const mail = await sendOutbox(ctx).then((r) => ({ ok: true as const, r }), (error: unknown) => ({ ok: false as const, error }));
        if (mail.ok && mail.r.sent + mail.r.retrying + mail.r.failed > 0) {
          ctx.log.info({ sent: mail.r.sent, retrying: mail.r.retrying, failed: mail.r.failed, via: mail.r.via }, 'schedule: notifications sent');
        }
        // sendWebhooks logs its own counts.
        await sendWebhooks(ctx);
        if (!mail.ok) throw mail.error;
      },
    });
  }
  if (settings.labelsCron) {
    routines.push({
      task: 'packreg_labels_export',
      cron: settings.labelsCron,
      async run(at) {
        const { exportLabels } = await import('../labels/exportLabels.js');
        const fs = await import('node:fs/promises');
        await fs.mkdir(settings.labelsDir, { recursive: true });
        await exportLabels(ctx, path.join(settings.labelsDir, `labels-${stamp(at, settings.timeZone)}.csv`));
      },
    });
  }
  return routines;
}

/** `YYYYMMDD-HHMM` of the tick in the schedule's zone: one file name per run. */
function stamp(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}${part('month')}${part('day')}-${part('hour')}${part('minute')}`;
}
