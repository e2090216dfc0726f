import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import type { Context } from '../../src/context.js';
import { renderFinding } from '../../src/domain/rowCodes.js';
import { importFile } from '../../src/import.js';
import { makeLogger } from '../../src/log.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { readReportRows } from '../../src/report/readReportRows.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { baseReferenceFiles, writeReferenceDir } from '../helpers/referenceSet.js';
import { runCli } from '../helpers/runCli.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { UPLOAD_HEADERS, uploadRow, writeUploadCsv, type UploadRow } from '../helpers/uploadFile.js';
import { cliDatabase } from './reliabilityKit.js';

/**
 * Isolation between resellers and personal data in logs (SPEC §4 SUPPORT_ID_UNKNOWN, §7 HTTP and
 * logs): another reseller's support ID, import, report or application is indistinguishable from
 * a missing one; a revoked token is 401; names, e-mails, phones and addresses of the reference
 * set and of the uploads never reach a log line, even at trace level.
 */

/** Every name, e-mail, phone and address of the reference set, and the upload's site data. */
const SITE = { address: '東京都港区芝公園4-2-8 秘密タワー', phone: '0398765432', postal: '105-0011' };
function personalData(): string[] {
  const [, ...users] = baseReferenceFiles()['service_users.csv']!;
  const values = users.flatMap((line) => {
    const [, , , name, email, , address, building, phone] = line.split(',');
    return [name!, email!, address!, building!, phone!, phone!.replace(/-/g, '')];
  });
  const [, ...contracts] = baseReferenceFiles()['contracts.csv']!;
  values.push(...contracts.map((line) => line.split(',')[1]!));
  values.push(SITE.address, SITE.phone, '秘密タワー');
  return [...new Set(values.filter((v) => v && v.length >= 4))];
}
const expectNoPersonalData = (text: string) => {
  expect(text.length).toBeGreaterThan(0);
  for (const value of personalData()) expect(text, value).not.toContain(value);
};

const csv = (rows: UploadRow[]) => `${[UPLOAD_HEADERS, ...rows.map(uploadRow)].map((cells) => cells.join(',')).join('\r\n')}\r\n`;

describeEachEngine('access between resellers, and personal data in logs', (t) => {
  let ctx: Context;
  let server: RunningServer;
  let app: FastifyInstance;
  let tokenA: string;
  let tokenB: string;
  let revoked: string;
  const logLines: string[] = [];
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const base = t().context();
    // Everything the server logs, at the most verbose level.
    ctx = { ...base, log: makeLogger('trace', new Writable({ write(chunk, _e, done) { logLines.push(String(chunk)); done(); } })) };
    await loadReference(ctx, await writeReferenceDir());
    tokenA = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    tokenB = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    revoked = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    await apiTokens.revoke(ctx.db.knex, revoked);
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    app = server.app;
  });
  afterAll(async () => server?.stop());

  const upload = async (token: string, body: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/imports?fileName=a.csv', payload: body, headers: { ...auth(token), 'content-type': 'text/csv' } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    for (let i = 0; i < 300; i += 1) {
      const status = (await app.inject({ url: `/v1/imports/${id}`, headers: auth(token) })).json();
      if (status.status === 'finished' || status.status === 'failed') return id;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  };

  it("naming another reseller's support ID is SUPPORT_ID_UNKNOWN with the same message as a missing one", async () => {
    const file = await writeUploadCsv([
      { supportId: '300000009', packModel: 'SP-SW-36', serial: 'SW-0001' }, // RS002's contract
      { supportId: '399999999', packModel: 'SP-SW-36', serial: 'SW-0002' }, // no such contract
    ]);
    const out = await importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'row' });
    const rows: Array<Array<{ code: string; field: string | null; message: string }>> = [];
    for await (const r of readReportRows(ctx.db.knex, out.importId)) rows.push(r.errors.map((f) => renderFinding(f, 'en')));
    const [other, missing] = rows;
    expect(other).toHaveLength(1);
    expect(other![0]).toMatchObject({ code: 'SUPPORT_ID_UNKNOWN', field: 'support_id' });
    expect({ ...other![0], message: other![0]!.message.replace('300000009', 'ID') })
      .toEqual({ ...missing![0], message: missing![0]!.message.replace('399999999', 'ID') });
  });

  it("another reseller's import, reports and application are 404 with the body of a missing one; a revoked token is 401", { timeout: 600_000 }, async () => {
    const idB = await upload(tokenB, csv([{ supportId: '300000009', packModel: 'SP-SW-36', serial: 'SW-0003' }]));
    const receiptB = (await app.inject({ url: `/v1/imports/${idB}/report.json`, headers: auth(tokenB) })).json().rows[0].receiptNo as string;
    expect(receiptB).toMatch(/^R\d{13}$/);
    expect((await app.inject({ url: `/v1/applications/${receiptB}`, headers: auth(tokenB) })).statusCode).toBe(200);

    const missingId = randomUUID();
    const missingReceipt = `R${receiptB.slice(1, 7)}9999999`;
    const pairs: Array<[string, string]> = [
      [`/v1/imports/${idB}`, `/v1/imports/${missingId}`],
      ...['report.json', 'report.csv', 'report.xlsx', 'rejects.xlsx'].map((r): [string, string] => [`/v1/imports/${idB}/${r}`, `/v1/imports/${missingId}/${r}`]),
      [`/v1/applications/${receiptB}`, `/v1/applications/${missingReceipt}`],
    ];
    for (const [theirs, missing] of pairs) {
      const a = await app.inject({ url: theirs, headers: auth(tokenA) });
      const m = await app.inject({ url: missing, headers: auth(tokenA) });
      expect([a.statusCode, m.statusCode], theirs).toEqual([404, 404]);
      expect(a.body, theirs).toBe(m.body);
      expect(a.headers['content-type']).toBe(m.headers['content-type']);
    }
    for (const url of [`/v1/imports/${idB}`, `/v1/applications/${receiptB}`]) {
      const res = await app.inject({ url, headers: auth(revoked) });
      expect(res.statusCode).toBe(401);
    }
  });

  it('request and import logs (trace level) hold no names, e-mails, phones or addresses', { timeout: 600_000 }, async () => {
    const id = await upload(tokenA, csv([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0010', address: SITE.address, phone: SITE.phone, postal: SITE.postal },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011', address: SITE.address, label: 'U-MEM1' },
    ]));
    const report = (await app.inject({ url: `/v1/imports/${id}/report.json`, headers: auth(tokenA) })).json();
    const receipt = report.rows.find((r: { receiptNo: string | null }) => r.receiptNo)?.receiptNo;
    if (receipt) expect((await app.inject({ url: `/v1/applications/${receipt}`, headers: auth(tokenA) })).statusCode).toBe(200);
    expectNoPersonalData(logLines.join(''));
  });

  it('CLI logs (trace level) of reference load, import and status hold no personal data', { timeout: 600_000 }, async () => {
    if (t().engine !== 'pglite') return; // one engine is enough for the CLI path; the server test covers both
    const cli = await cliDatabase('pglite');
    try {
      const env = { ...cli.env, PACKREG_LOG_LEVEL: 'trace' };
      const upload = await writeUploadCsv([
        { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0012', address: SITE.address, phone: SITE.phone },
        { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0013', address: SITE.address, phone: '12' },
      ]);
      const report = path.join(path.dirname(upload), 'report.json');
      const runs = [
        await runCli(['reference', 'load', await writeReferenceDir()], env),
        await runCli(['import', upload, '--reseller', 'RS001', '--json', '--atomicity', 'row', '--report', report], env),
      ];
      // The receipt from the report (its date part is the commit's day in Tokyo, not a constant).
      const rows = (JSON.parse(await fs.readFile(report, 'utf8')) as { rows: Array<{ receiptNo: string | null }> }).rows;
      const receipt = rows.find((r) => r.receiptNo)?.receiptNo;
      expect(receipt).toMatch(/^R\d{13}$/);
      runs.push(await runCli(['status', receipt!], env));
      expect(runs.map((r) => r.code)).toEqual([0, 1, 0]);
      expectNoPersonalData(runs.map((r) => r.stderr).join(''));
      await fs.rm(path.dirname(upload), { recursive: true, force: true });
    } finally {
      await cli.drop();
    }
  });
});
