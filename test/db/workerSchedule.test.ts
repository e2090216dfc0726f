import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { resellerWebhooks } from '../../src/settings/resellerWebhooks.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';
import { startReceiver, type WebhookReceiver } from '../helpers/webhookReceiver.js';
import { makeInbox, spawnCli, waitFor } from '../e2e/nightlyKit.js';

/**
 * `packreg worker` runs the routine jobs itself (issue 18.5), once across all workers: two worker
 * processes with both routines every minute send each notification and each webhook (issue 20.5,
 * to a real receiver) once and write one label sheet per tick (graphile-worker cron:
 * known_crontabs + job key), nobody running anything by hand.
 */
describeEachEngine('packreg worker: routine jobs', (t) => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    if (!t().url) return;
    receiver = await startReceiver();
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    // No PACKREG_SECRET_KEY here nor in the workers: the secret is stored as is, both can use it.
    await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS001', `${receiver.base}/rs001`);
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011', label: 'U-ADMIN1' }]);
    await importFile(ctx, { path: file, resellerCode: 'RS001' });
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('two workers send the notifications and webhooks and export the labels of a tick once', async (test) => {
    if (!t().url) test.skip();
    const knex = t().db.knex;
    const notifications = Number((await knex('notification_outbox').count({ n: '*' }))[0]!.n);
    expect(notifications).toBeGreaterThan(0);
    expect(await knex('webhook_deliveries').where({ status: 'pending' }).pluck('event')).toEqual(['import.finished']);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-routines-'));
    const env = {
      DATABASE_URL: t().url ?? '',
      PACKREG_OUTBOX_CRON: '* * * * *',
      PACKREG_LABELS_CRON: '* * * * *',
      PACKREG_OUTBOX_DIR: path.join(dir, 'outbox'),
      PACKREG_LABELS_DIR: path.join(dir, 'labels'),
    };
    const inbox = await makeInbox();
    const workers = [spawnCli(['worker', '--inbox', inbox], env), spawnCli(['worker', '--inbox', inbox], env)];
    try {
      // graphile-worker's cron ticks at the top of each minute.
      await waitFor(async () => (await fs.readdir(path.join(dir, 'labels')).catch(() => [])).length > 0
        && Number((await knex('notification_outbox').where({ status: 'pending' }).count({ n: '*' }))[0]!.n) === 0
        && receiver.received.length > 0, 180_000, 500);
      // Let the other worker see the same tick: it must not run it again.
      await new Promise((r) => setTimeout(r, 5_000));
      const sheets = await fs.readdir(path.join(dir, 'labels'));
      expect(sheets).toHaveLength(1);
      expect(await fs.readFile(path.join(dir, 'labels', sheets[0]!), 'utf8')).toContain('HW-0011');
      expect((await fs.readdir(path.join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(notifications);
      expect(receiver.received.map((r) => [r.path, JSON.parse(r.body).event])).toEqual([['/rs001', 'import.finished']]);
      expect(await knex('webhook_deliveries').pluck('status')).toEqual(['sent']);
      const runs = await knex.raw("select identifier from graphile_worker._private_known_crontabs where identifier in ('packreg_outbox_send', 'packreg_labels_export') order by 1");
      expect(runs.rows.map((r: { identifier: string }) => r.identifier)).toEqual(['packreg_labels_export', 'packreg_outbox_send']);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      const results = await Promise.all(workers.map((w) => w.done));
      for (const r of results) expect(r.stderr).not.toMatch(/"level":(50|60)/);
    }
  });
});
