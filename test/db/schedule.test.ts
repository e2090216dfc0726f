import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { importFile } from '../../src/import.js';
import { makeRoutines } from '../../src/jobs/makeRoutines.js';
import { startEmbeddedSchedule } from '../../src/jobs/startEmbeddedSchedule.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { resellerWebhooks } from '../../src/settings/resellerWebhooks.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine, TEST_TODAY } from '../helpers/testDatabase.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';
import { startReceiver, type WebhookReceiver } from '../helpers/webhookReceiver.js';

/**
 * Nothing left to run by hand (issue 18.5): with the default schedule, due notifications (e-mails
 * and the resellers' webhooks, issue 20.5) go out every minute and label shipments are exported
 * daily at 09:00 Asia/Tokyo, by the schedule that `serve` runs on the embedded database (the
 * worker gives the same routines to graphile-worker).
 */
describeEachEngine('routine jobs on their schedule', (t) => {
  let ctx: Context;
  let at = new Date(`${TEST_TODAY}T23:58:30Z`); // 08:58:30 the next morning in Tokyo
  const clock: Clock = { now: () => new Date(at) };
  let outboxDir: string;
  let labelsDir: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-schedule-'));
    outboxDir = path.join(dir, 'outbox');
    labelsDir = path.join(dir, 'labels');
    // The defaults, as an operator gets them: only the folders are the test's.
    const defaults = loadConfig({ PACKREG_TODAY: TEST_TODAY, PACKREG_OUTBOX_DIR: outboxDir, PACKREG_LABELS_DIR: labelsDir });
    ctx = t().context({ config: { schedule: defaults.schedule, outbox: defaults.outbox, webhooks: defaults.webhooks }, clock });
    await loadReference(ctx, await writeReferenceDir());
    // A real receiver: the import below queues its import.finished delivery.
    await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS001', `${receiver.base}/rs001`);
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011', label: 'U-ADMIN1' }]);
    await importFile(ctx, { path: file, resellerCode: 'RS001' });
  });

  afterAll(async () => {
    await receiver?.close();
  });

  const pending = async (table: string) => Number((await ctx.db.knex(table).where({ status: 'pending' }).count({ n: '*' }))[0]!.n);
  const files = async (dir: string) => fs.readdir(dir).catch(() => [] as string[]);

  it('defaults: notifications every minute, labels at 09:00 Asia/Tokyo', () => {
    expect(makeRoutines(ctx).map((r) => [r.task, r.cron])).toEqual([
      ['packreg_outbox_send', '* * * * *'],
      ['packreg_labels_export', '0 9 * * *'],
    ]);
    expect(ctx.config.schedule.timeZone).toBe('Asia/Tokyo');
  });

  it('sends due notifications and webhooks within the minute, and exports labels at 09:00 Tokyo only, once', async () => {
    expect(await pending('notification_outbox')).toBeGreaterThan(0);
    expect(await pending('webhook_deliveries')).toBe(1);
    expect(await pending('label_shipments')).toBe(1);
    const schedule = startEmbeddedSchedule(ctx, makeRoutines(ctx), 3_600_000);
    try {
      at = new Date(`${TEST_TODAY}T23:59:10Z`); // 08:59 Tokyo: a new minute, not yet 09:00
      await schedule.tick();
      expect(await pending('notification_outbox')).toBe(0);
      expect((await files(outboxDir)).filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(0);
      expect(await pending('webhook_deliveries')).toBe(0);
      expect(receiver.received.map((r) => [r.path, JSON.parse(r.body).event])).toEqual([['/rs001', 'import.finished']]);
      expect(await files(labelsDir)).toEqual([]);
      expect(await pending('label_shipments')).toBe(1);

      at = new Date(`${TEST_TODAY}T23:59:50Z`); // the same minute again: nothing new
      await schedule.tick();
      expect(await files(labelsDir)).toEqual([]);
      expect(receiver.received).toHaveLength(1);

      at = new Date('2026-11-26T00:00:20Z'); // 09:00 Tokyo
      await schedule.tick();
      await schedule.tick();
      expect(await files(labelsDir)).toEqual(['labels-20261126-0900.csv']);
      expect(await pending('label_shipments')).toBe(0);
      expect(await fs.readFile(path.join(labelsDir, 'labels-20261126-0900.csv'), 'utf8')).toContain('HW-0011');

      at = new Date('2026-11-26T01:00:20Z'); // 10:00 Tokyo: no second export that day
      await schedule.tick();
      expect(await files(labelsDir)).toEqual(['labels-20261126-0900.csv']);
    } finally {
      await schedule.stop();
    }
  });

  it('off turns a routine off', () => {
    const off = loadConfig({ PACKREG_OUTBOX_CRON: 'off', PACKREG_LABELS_CRON: '30 18 * * 1-5' });
    expect(makeRoutines({ ...ctx, config: off }).map((r) => [r.task, r.cron])).toEqual([['packreg_labels_export', '30 18 * * 1-5']]);
  });
});
