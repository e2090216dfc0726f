import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { runCli } from '../helpers/runCli.js';
import { createTestDatabase } from '../helpers/testDatabase.js';
import { testEngines } from '../helpers/testEnv.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';

/** The after-care commands through the built bin (`npm run build` first), on each engine. */
for (const engine of testEngines()) {
  const skip = engine === 'postgres' && inject('pgUnavailable') !== null;
  describe.skipIf(skip)(`aftercare CLI [${engine}]`, () => {
    it('status, review, change, labels export and outbox send, with their exit codes', { timeout: 600_000 }, async () => {
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-aftercare-cli-'));
      let env: Record<string, string>;
      let drop: () => Promise<void>;
      if (engine === 'postgres') {
        const t = await createTestDatabase('postgres');
        await t.db.close();
        env = { DATABASE_URL: t.url! };
        drop = t.drop;
      } else {
        env = { PACKREG_DATA_DIR: path.join(work, 'db') };
        drop = async () => undefined;
      }
      env = { ...env, PACKREG_OPERATOR: 'ops-cli', PACKREG_OUTBOX_DIR: path.join(work, 'mail') };
      const cli = (...args: string[]) => runCli(args, env);
      try {
        expect((await cli('reference', 'load', await writeReferenceDir())).code).toBe(0);
        const upload = await writeUploadCsv([
          { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001', options: 'OPT-MEM*2' },
          { supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0001' },
          { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
        ]);
        const report = path.join(work, 'report.json');
        expect((await cli('import', upload, '--reseller', 'RS001', '--report', report, '--quiet')).code).toBe(0);
        const apps = JSON.parse(await fs.readFile(report, 'utf8')).applications as Array<{ receiptNo: string; supportId: string }>;
        const receipt = apps.find((a) => a.supportId === '300000001')!.receiptNo;
        const pc = apps.find((a) => a.supportId === '300000002')!.receiptNo;

        const json = await cli('status', receipt, '--json');
        expect(json.code).toBe(0);
        const view = JSON.parse(json.stdout);
        expect(view).toMatchObject({ receiptNo: receipt, supportId: '300000001', status: 'under_review', labelShipment: { status: 'pending' } });
        expect(view.registrations.map((g: { packSerial: string }) => g.packSerial)).toEqual(['HW-0001', 'NX-0001']);
        const text = await cli('status', receipt, '--lang', 'en');
        expect(text.stdout).toContain(`Receipt: ${receipt}`);
        expect(text.stdout).toContain('Status: under review');
        const missing = await cli('status', 'R0000000000000');
        expect(missing.code).toBe(66);
        expect(missing.stderr).toContain('NOT_FOUND');

        const duringReview = await cli('change', 'site', receipt, '--serial', 'HW-0001', '--postal-code', '105-0011');
        expect(duringReview.code).toBe(65);
        expect(duringReview.stderr).toContain('APPLICATION_UNDER_REVIEW');

        const approve = await cli('review', 'approve', receipt, '--reason', 'checked', '--json');
        expect(approve.code).toBe(0);
        expect(JSON.parse(approve.stdout)).toMatchObject({ status: 'completed', notifications: 2 });
        const twice = await cli('review', 'approve', receipt);
        expect(twice.code).toBe(65);
        expect(twice.stderr).toContain('APPLICATION_NOT_UNDER_REVIEW');
        expect((await cli('review', 'reject', pc)).code).toBe(65);

        const bad = await cli('change', 'site', receipt, '--serial', 'HW-0001', '--postal-code', '12345', '--lang', 'en');
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('POSTAL_CODE_FORMAT: Postal code "12345" must be 7 digits (e.g. 123-4567).');
        const good = await cli('change', 'site', receipt, '--serial', 'HW-0001', '--postal-code', '１０５００１１', '--json');
        expect(good.code).toBe(0);
        expect(JSON.parse(good.stdout)).toMatchObject({ status: 'changed', after: { site_postal_code: '105-0011' } });
        const options = await cli('change', 'options', receipt, '--serial', 'HW-0001', '--options', 'OPT-MEM*4;OPT-NIC');
        expect(options.code).toBe(0);
        expect(options.stdout).toContain('"OPT-MEM*2" → "OPT-MEM*4;OPT-NIC*1"');
        const status = JSON.parse((await cli('status', receipt, '--json')).stdout);
        expect(status.review).toMatchObject({ decidedBy: 'ops-cli', reason: 'checked' });
        expect(status.registrations[0].options).toEqual([{ model: 'OPT-MEM', quantity: 4 }, { model: 'OPT-NIC', quantity: 1 }]);

        const labels = path.join(work, 'labels.csv');
        expect((await cli('labels', 'export', labels)).code).toBe(0);
        const csv = await fs.readFile(labels, 'utf8');
        expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
        expect(csv).toContain(`${receipt},300000001,`);
        expect(csv).not.toContain(pc);

        const sent = await cli('outbox', 'send', '--json');
        expect(sent.code).toBe(0);
        // Received: admin + deputy of 300000001, admin of 300000002; approved: admin + deputy.
        expect(JSON.parse(sent.stdout)).toMatchObject({ sent: 5, retrying: 0, failed: 0 });
        expect(await fs.readdir(path.join(work, 'mail'))).toHaveLength(5);
        expect(JSON.parse((await cli('outbox', 'send', '--json')).stdout)).toMatchObject({ sent: 0 });
      } finally {
        await drop();
        await fs.rm(work, { recursive: true, force: true });
      }
    });
  });
}
