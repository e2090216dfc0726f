import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';
import { makeInbox, spawnCli, waitFor } from '../e2e/nightlyKit.js';

/**
 * `packreg worker` runs the routine jobs itself (issue 18.5), once across all workers: two worker
 * processes with both routines every minute send each notification once and write one label
 * sheet per tick (graphile-worker cron: known_crontabs + job key), nobody running anything by hand.
 */
describeEachEngine('packreg worker: routine jobs', (t) => {
  beforeAll(async () => {
    if (!t().url) return;
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011', label: 'U-ADMIN1' }]);
    await importFile(ctx, { path: file, resellerCode: 'RS001' });
  });

  it('two workers send the notifications and export the labels of a tick once', async (test) => {
    if (!t().url) test.skip();
    const knex = t().db.knex;
    const notifications = Number((await knex('notification_outbox').count({ n: '*' }))[0]!.n);
    expect(notifications).toBeGreaterThan(0);
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
        && Number((await knex('notification_outbox').where({ status: 'pending' }).count({ n: '*' }))[0]!.n) === 0, 180_000, 500);
      // Let the other worker see the same tick: it must not run it again.
      await new Promise((r) => setTimeout(r, 5_000));
      const sheets = await fs.readdir(path.join(dir, 'labels'));
      expect(sheets).toHaveLength(1);
      expect(await fs.readFile(path.join(dir, 'labels', sheets[0]!), 'utf8')).toContain('HW-0011');
      expect((await fs.readdir(path.join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(notifications);
      const runs = await knex.raw("select identifier from graphile_worker._private_known_crontabs where identifier in ('packreg_outbox_send', 'packreg_labels_export') order by 1");
      expect(runs.rows.map((r: { identifier: string }) => r.identifier)).toEqual(['packreg_labels_export', 'packreg_outbox_send']);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      const results = await Promise.all(workers.map((w) => w.done));
      for (const r of results) expect(r.stderr).not.toMatch(/"level":(50|60)/);
    }
  });
});
