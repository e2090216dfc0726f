import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { fixedClock } from '../../src/clock.js';
import type { Context } from '../../src/context.js';
import { settleAbandonedImports } from '../../src/db/settleAbandonedImports.js';
import { PackregError } from '../../src/domain/PackregError.js';
import { importFile } from '../../src/import.js';
import { listWebhookDeliveries } from '../../src/outbox/listWebhookDeliveries.js';
import { sendWebhooks } from '../../src/outbox/sendWebhooks.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { buildServer } from '../../src/server/buildServer.js';
import { resellerWebhooks } from '../../src/settings/resellerWebhooks.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine, TEST_TODAY } from '../helpers/testDatabase.js';
import { cancelImport } from '../../src/imports/cancelImport.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';
import { startReceiver, verify, type WebhookReceiver } from '../helpers/webhookReceiver.js';

const T0 = `${TEST_TODAY}T03:00:00Z`;
const at = (seconds: number) => fixedClock(new Date(Date.parse(T0) + seconds * 1000).toISOString());
const codeOf = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof PackregError ? e.code : String(e)));

describeEachEngine('reseller webhooks', (t) => {
  let receiver: WebhookReceiver;
  let ctx: Context;
  let secret1: string;

  beforeAll(async () => {
    ctx = t().context({ config: { webhooks: { secretKey: randomBytes(32), timeoutMs: 5_000, maxAttempts: 3, retrySeconds: 30 } } });
    await loadReference(ctx, await writeReferenceDir());
    receiver = await startReceiver({ '/rs001': [500, 200], '/rs002': [200] });
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('refuses URLs that are not http(s), or carry credentials', async () => {
    for (const url of ['ftp://example.jp/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.jp/']) {
      expect(await codeOf(resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS001', url)), url).toBe('WEBHOOK_URL_INVALID');
    }
    expect(await resellerWebhooks.get(ctx.db.knex, ctx.config.webhooks, 'RS001')).toBeNull();
  });

  it('gives the secret once, keeps it sealed at rest, keeps it when only the URL changes', async () => {
    const first = await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS001', `${receiver.base}/wrong`);
    expect(first.secret).toMatch(/^whsec_/);
    secret1 = first.secret!;
    const stored = await ctx.db.knex('reseller_webhooks').where({ reseller_code: 'RS001' }).first();
    expect(stored.secret).not.toContain(secret1);
    expect(stored.secret_sealed).toBe('aes-256-gcm');
    const again = await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS001', `${receiver.base}/rs001`);
    expect(again.secret).toBeNull();
    expect(await resellerWebhooks.get(ctx.db.knex, ctx.config.webhooks, 'RS001')).toMatchObject({ url: `${receiver.base}/rs001`, secretUsable: true });
    expect((await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS002', `${receiver.base}/rs002`)).secret).toMatch(/^whsec_/);
  });

  it('an import queues one signed delivery for its own reseller; a 500 is retried with back-off; every attempt is visible', async () => {
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' }, { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-9999' }]);
    const outcome = await importFile(ctx, { path: file, resellerCode: 'RS001' });
    const queued = await ctx.db.knex('webhook_deliveries').select('reseller_code', 'import_id', 'event', 'status');
    expect(queued).toEqual([{ reseller_code: 'RS001', import_id: outcome.importId, event: 'import.finished', status: 'pending' }]);

    const first = await sendWebhooks({ ...ctx, clock: at(0) });
    expect(first).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
    // Not due yet: nothing is posted before the back-off is over.
    expect(await sendWebhooks({ ...ctx, clock: at(10) })).toMatchObject({ sent: 0, retrying: 0 });
    expect(await sendWebhooks({ ...ctx, clock: at(31) })).toMatchObject({ sent: 1, retrying: 0 });

    const hits = receiver.received.filter((r) => r.path === '/rs001');
    expect(hits).toHaveLength(2);
    for (const [i, hit] of hits.entries()) {
      expect(hit.headers['content-type']).toMatch(/^application\/json/);
      expect(hit.headers['x-packreg-event']).toBe('import.finished');
      const sent = Date.parse(T0) / 1000 + (i === 0 ? 0 : 31);
      expect(verify(secret1, String(hit.headers['x-packreg-signature']), hit.body, sent)).toBe(true);
      // A tampered body, another secret or a replay ten minutes later fail the check.
      expect(verify(secret1, String(hit.headers['x-packreg-signature']), hit.body.replace('finished', 'failed'), sent)).toBe(false);
      expect(verify(`${secret1}x`, String(hit.headers['x-packreg-signature']), hit.body, sent)).toBe(false);
      expect(verify(secret1, String(hit.headers['x-packreg-signature']), hit.body, sent + 600)).toBe(false);
    }
    const payload = JSON.parse(hits[1]!.body);
    expect(payload).toMatchObject({
      event: 'import.finished', importId: outcome.importId, status: 'finished', source: 'cli', dryRun: false,
      summary: { rows: 2, registered: 0, held: 1, rejected: 1 }, error: null,
    });
    expect(payload.deliveryId).toBe(Number(hits[1]!.headers['x-packreg-delivery']));
    // Isolation: RS001's import never reached RS002's URL.
    expect(receiver.received.filter((r) => r.path === '/rs002')).toHaveLength(0);

    const page = await listWebhookDeliveries(ctx.db.knex, 'RS001');
    expect(page.deliveries).toHaveLength(1);
    const [delivery] = page.deliveries;
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, importId: outcome.importId });
    expect(delivery!.attemptLog.map((a) => a.httpStatus)).toEqual([500, 200]);
    expect(delivery!.attemptLog[0]!.error).toBe('HTTP 500');
    expect(Buffer.byteLength(delivery!.attemptLog[0]!.responseExcerpt ?? '')).toBeLessThanOrEqual(256);
    expect(delivery!.attemptLog[0]!.responseExcerpt).toMatch(/^boom x+$/);
    expect((await listWebhookDeliveries(ctx.db.knex, 'RS002')).deliveries).toEqual([]);
  });

  it('a failed import is announced as import.failed with its code', async () => {
    const file = await writeUploadCsv([]);
    expect(await codeOf(importFile(ctx, { path: file, resellerCode: 'RS002' }))).toBe('FILE_EMPTY');
    expect(await sendWebhooks({ ...ctx, clock: at(100) })).toMatchObject({ sent: 1 });
    const hit = receiver.received.filter((r) => r.path === '/rs002').at(-1)!;
    expect(JSON.parse(hit.body)).toMatchObject({ event: 'import.failed', status: 'failed', error: { code: 'FILE_EMPTY' } });
    expect(receiver.received.filter((r) => r.path === '/rs001')).toHaveLength(2);
  });

  it('never follows a redirect to another host, and gives up after the last attempt', async () => {
    await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS002', `${receiver.base}/hop`);
    const file = await writeUploadCsv([{ supportId: '300000009', packModel: 'SP-SW-36', serial: 'SW-0001' }]);
    await importFile(ctx, { path: file, resellerCode: 'RS002', dryRun: true });
    for (const [i, s] of [200, 300, 400].entries()) {
      const result = await sendWebhooks({ ...ctx, clock: at(s) });
      expect(result.errors[0]?.error ?? '').toContain('redirect to another host refused');
      expect(result.failed).toBe(i === 2 ? 1 : 0);
    }
    expect(receiver.received.filter((r) => r.path === '/elsewhere')).toHaveLength(0);
    const newest = (await listWebhookDeliveries(ctx.db.knex, 'RS002', { limit: 1 }));
    expect(newest.deliveries[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(newest.next).not.toBeNull();
    expect((await listWebhookDeliveries(ctx.db.knex, 'RS002', { before: newest.next! })).deliveries).toHaveLength(1);
  });

  it('an import abandoned by a dead process is announced as import.failed (IMPORT_ABANDONED), in the transaction that fails it', async () => {
    await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS002', `${receiver.base}/rs002`);
    // runner_key 0: a runner no process holds (migration 0007), as a killed importer leaves it.
    const [batch] = await ctx.db.knex('import_batches')
      .insert({ reseller_code: 'RS002', file_name: 'killed.csv', source: 'cli', status: 'running', runner_key: 0 }).returning('id');
    const id = (batch as { id: string }).id;
    await settleAbandonedImports(ctx.db.knex, { sources: ['cli', 'nightly'] });
    const queued = await ctx.db.knex('webhook_deliveries').where({ import_id: id }).first('event', 'reseller_code', 'payload');
    expect(queued).toMatchObject({ event: 'import.failed', reseller_code: 'RS002', payload: { error: { code: 'IMPORT_ABANDONED' } } });
  });

  it('over HTTP: PUT answers the secret once, GET never; each token sees its own deliveries only', async () => {
    const rs1 = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    const rs2 = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    const app = await buildServer({ ctx, queue: { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' }, version: 'test' });
    try {
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      const bad = await app.inject({ method: 'PUT', url: '/v1/webhook?lang=en', headers: auth(rs2), payload: { url: 'ftp://x/' } });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.code).toBe('WEBHOOK_URL_INVALID');
      const rotated = await app.inject({ method: 'PUT', url: '/v1/webhook', headers: auth(rs2), payload: { url: `${receiver.base}/rs002`, rotateSecret: true } });
      expect(rotated.statusCode).toBe(200);
      expect(rotated.json().secret).toMatch(/^whsec_/);
      const shown = await app.inject({ url: '/v1/webhook', headers: auth(rs2) });
      expect(shown.json()).toMatchObject({ url: `${receiver.base}/rs002` });
      expect(shown.body).not.toContain('whsec_');
      const mine = (await app.inject({ url: '/v1/webhook/deliveries', headers: auth(rs1) })).json();
      expect(mine.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent']);
      const theirs = (await app.inject({ url: '/v1/webhook/deliveries?limit=100', headers: auth(rs2) })).json();
      expect(theirs.deliveries).toHaveLength(3);
      expect(JSON.stringify(theirs)).not.toContain(mine.deliveries[0].importId);
      expect((await app.inject({ method: 'DELETE', url: '/v1/webhook', headers: auth(rs1) })).json()).toEqual({ removed: true });
      expect((await app.inject({ url: '/v1/webhook', headers: auth(rs1) })).json()).toEqual({ url: null });
      expect((await app.inject({ method: 'DELETE', url: '/v1/webhook', headers: auth(rs1) })).statusCode).toBe(404);
      const doc = (await app.inject({ url: '/docs/openapi.json' })).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/webhook', '/v1/webhook/deliveries', '/v1/mapping']));
    } finally {
      await app.close();
    }
  });

  it('a cancelled import is announced as import.cancelled, in the transaction that cancels it', async () => {
    await resellerWebhooks.set(ctx.db.knex, ctx.config.webhooks, 'RS002', `${receiver.base}/rs002`);
    const [row] = await ctx.db.knex('import_batches')
      .insert({ reseller_code: 'RS002', file_name: 'q.csv', source: 'http', status: 'queued' }).returning('id');
    const id = String((row as { id: string }).id);
    expect(await cancelImport(ctx.db.knex, id, 'RS002')).toEqual({ id, status: 'cancelled' });
    expect(await ctx.db.knex('webhook_deliveries').where({ import_id: id }).pluck('event')).toEqual(['import.cancelled']);
    // Declared last: earlier tests may leave a delivery due at the same tick.
    expect((await sendWebhooks({ ...ctx, clock: at(110) })).sent).toBeGreaterThanOrEqual(1);
    const hit = receiver.received.filter((r) => r.path === '/rs002' && JSON.parse(r.body).importId === id);
    expect(hit.map((r) => JSON.parse(r.body))).toEqual([expect.objectContaining({ event: 'import.cancelled', importId: id, status: 'cancelled' })]);
  });
});
