import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { dateInZone } from '../../src/clock.js';
import { buildServer } from '../../src/server/buildServer.js';
import type { ImportQueue } from '../../src/server/makeImportQueue.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { seedLists, type ListData } from './listsKit.js';

const TOKYO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/;

/** Issue 20 items 1–3 over HTTP: each reseller's own lists, keyset pages, in the OpenAPI document. */
describeEachEngine('HTTP reseller lists', (t) => {
  let app: FastifyInstance;
  let rs1: string;
  let rs2: string;
  let data: ListData;

  beforeAll(async () => {
    const ctx = t().context();
    data = await seedLists(ctx);
    rs1 = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    rs2 = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    const noQueue = { enqueue: async () => { throw new Error('no uploads here'); }, wake: () => undefined, stop: async () => undefined } as unknown as ImportQueue;
    app = await buildServer({ ctx, queue: noQueue, version: 'test' });
    await app.ready();
  }, 120_000);
  afterAll(async () => app?.close());

  const get = async (token: string, url: string) => {
    const res = await app.inject({ url, headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, body: res.json() };
  };
  const ids = async (token: string, url: string) => {
    const { status, body } = await get(token, url);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.items as Array<{ supportId: string }>).map((c) => c.supportId);
  };
  const q = (text: string) => `/v1/contracts?q=${encodeURIComponent(text)}`;

  describe('GET /v1/contracts', () => {
    it('matches after NFKC, case, width and kana folding', async () => {
      expect(await ids(rs1, q('サクラ'))).toEqual(['300000005']);
      expect(await ids(rs1, q('sakura'))).toEqual(['300000006']);
      expect(await ids(rs1, q('やまだ'))).toEqual(['300000004']);
      expect(await ids(rs1, q('カブシキガイシャ'))).toEqual(['300000004']);
      expect(await ids(rs1, q('ｅｒｐシステム'))).toEqual(['300000004']);
      expect(await ids(rs1, q('ERP システム'))).toEqual(['300000004']);
      expect(await ids(rs1, q('髙橋'))).toEqual(['300000001']);
      expect(await ids(rs1, q('３０００００００２'))).toEqual(['300000002']);
    });

    it('finds ㈱, (株) and 株式会社 alike', async () => {
      const companies = ['300000001', '300000002', '300000003', '300000005', '300000006'];
      expect(await ids(rs1, q('㈱'))).toEqual(companies);
      expect(await ids(rs1, q('(株)'))).toEqual(companies);
      expect(await ids(rs1, q('株式会社'))).toEqual(companies);
      expect(await ids(rs1, q('株式会社さくら'))).toEqual(['300000005']);
      expect(await ids(rs1, q('㈱サンプル'))).toEqual(['300000002']);
    });

    it('takes % and _ as characters, not wildcards', async () => {
      expect(await ids(rs1, q('%'))).toEqual(['300000007']);
      expect(await ids(rs1, q('_'))).toEqual(['300000007']);
    });

    it('answers support ID, customer, system, status and the label recipients (admin and deputy only)', async () => {
      const { body } = await get(rs1, q('300000001'));
      expect(body.items).toEqual([{
        supportId: '300000001', customerName: '髙橋商事株式会社', systemName: '基幹システム', status: 'active',
        labelRecipients: [{ userId: 'U-ADMIN1', name: '髙橋 一郎', role: 'admin' }, { userId: 'U-DEP1', name: '佐藤 花子', role: 'deputy' }],
      }]);
      expect(body.nextCursor).toBeNull();
      expect(await ids(rs1, '/v1/contracts?status=expired')).toEqual(['300000003']);
    });

    it("never shows or counts another reseller's contracts", async () => {
      expect(await ids(rs1, q('さくら'))).toEqual(['300000005']);
      expect(await ids(rs2, q('さくら'))).toEqual(['300000008']);
      expect(await ids(rs2, '/v1/contracts')).toEqual(['300000008', '300000009']);
      expect(await ids(rs2, q('300000001'))).toEqual([]);
      expect(await ids(rs1, q('よその'))).toEqual([]);
    });

    it('pages with an opaque cursor until nextCursor is null', async () => {
      const seen: string[] = [];
      let url: string | null = '/v1/contracts?limit=2';
      let pages = 0;
      while (url) {
        const { body } = await get(rs1, url);
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((c: { supportId: string }) => c.supportId));
        url = body.nextCursor ? `/v1/contracts?limit=2&cursor=${body.nextCursor}` : null;
        pages += 1;
      }
      expect(pages).toBe(4);
      expect(seen).toEqual(['300000001', '300000002', '300000003', '300000004', '300000005', '300000006', '300000007']);
    });

    it('refuses a bad cursor, a cursor of another list and an over-large limit with 400', async () => {
      const bad = await get(rs1, '/v1/contracts?cursor=nonsense&lang=en');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('CURSOR_INVALID');
      const { body } = await get(rs1, '/v1/applications?limit=1');
      expect((await get(rs1, `/v1/contracts?cursor=${body.nextCursor}`)).body.error.code).toBe('CURSOR_INVALID');
      expect((await get(rs1, '/v1/contracts?limit=201')).status).toBe(400);
      expect((await app.inject('/v1/contracts')).statusCode).toBe(401);
    });
  });

  describe('GET /v1/applications and /v1/registrations', () => {
    it('lists the reseller\'s applications newest first with status, counts and Tokyo times', async () => {
      const { body } = await get(rs1, '/v1/applications');
      expect(body.items.map((a: { supportId: string }) => a.supportId).sort()).toEqual(['300000001', '300000002', '300000005']);
      const rejected = body.items.find((a: { supportId: string }) => a.supportId === '300000002');
      expect(rejected).toMatchObject({ receiptNo: data.receipts['300000002'], status: 'rejected', counts: { registrations: 0, released: 1 } });
      expect(rejected.receivedAt).toMatch(TOKYO);
      expect(rejected.reviewedAt).toMatch(TOKYO);
      const completed = body.items.find((a: { supportId: string }) => a.supportId === '300000001');
      expect(completed).toMatchObject({ status: 'completed', customerName: '髙橋商事株式会社', counts: { registrations: 1, released: 0 }, reviewedAt: null, importId: data.rs1Import });
    });

    it('filters by status, support ID and Tokyo dates', async () => {
      const only = async (url: string) => (await get(rs1, url)).body.items.map((a: { supportId: string }) => a.supportId);
      expect(await only('/v1/applications?status=rejected')).toEqual(['300000002']);
      expect(await only(`/v1/applications?supportId=${encodeURIComponent('３０００００００５')}`)).toEqual(['300000005']);
      const today = dateInZone(new Date(), 'Asia/Tokyo');
      expect(await only(`/v1/applications?since=${today}&until=${today}`)).toHaveLength(3);
      expect(await only('/v1/applications?until=2020-01-01')).toEqual([]);
      expect(await only('/v1/applications?since=2999-01-01')).toEqual([]);
      expect((await get(rs1, '/v1/applications?since=2026-02-30')).status).toBe(400);
    });

    it('pages through every application once', async () => {
      const first = await get(rs1, '/v1/applications?limit=2');
      expect(first.body.items).toHaveLength(2);
      const second = await get(rs1, `/v1/applications?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const all = [...first.body.items, ...second.body.items].map((a: { receiptNo: string }) => a.receiptNo);
      expect(new Set(all).size).toBe(3);
    });

    it("shows another reseller nothing, not even through a cursor or a support ID", async () => {
      const { body } = await get(rs2, '/v1/applications');
      expect(body.items.map((a: { supportId: string }) => a.supportId)).toEqual(['300000009']);
      expect((await get(rs2, '/v1/applications?supportId=300000001')).body).toEqual({ items: [], nextCursor: null });
      const rs1Page = await get(rs1, '/v1/applications?limit=1');
      expect((await get(rs2, `/v1/applications?cursor=${rs1Page.body.nextCursor}`)).body.items).toEqual([]);
    });

    it('finds a serial\'s registrations, released ones too, for its own reseller only', async () => {
      const live = await get(rs1, '/v1/registrations?serial=hw%EF%BC%8D0001');
      expect(live.body.items).toEqual([expect.objectContaining({
        serial: 'HW-0001', packModel: 'SP-HW-12', receiptNo: data.receipts['300000001'], supportId: '300000001', status: 'completed',
        serviceStart: '2026-12-01', serviceEnd: '2027-11-30', releasedAt: null,
      })]);
      const released = await get(rs1, '/v1/registrations?serial=NX-0001');
      expect(released.body.items).toEqual([expect.objectContaining({ status: 'rejected', releasedAt: expect.stringMatching(TOKYO) })]);
      expect((await get(rs2, '/v1/registrations?serial=HW-0001')).body).toEqual({ items: [], nextCursor: null });
      expect((await get(rs1, '/v1/registrations?serial=HW-0010')).body.items).toEqual([]);
      expect((await get(rs1, '/v1/registrations')).status).toBe(400);
    });
  });

  describe('GET /v1/imports', () => {
    it('lists every import of the reseller with source, status, counts and report links', async () => {
      const { body } = await get(rs1, '/v1/imports?lang=en');
      expect(body.items).toHaveLength(3);
      const done = body.items.find((i: { id: string }) => i.id === data.rs1Import);
      expect(done).toMatchObject({
        fileName: '4月分.csv', source: 'cli', status: 'finished', dryRun: false, error: null,
        summary: { rows: 3, registered: 2, pending_review: 1, rejected: 0, applications: 3 },
        links: { status: `/v1/imports/${data.rs1Import}`, reportJson: `/v1/imports/${data.rs1Import}/report.json`, rejects: `/v1/imports/${data.rs1Import}/rejects.xlsx` },
      });
      expect(done.createdAt).toMatch(TOKYO);
      const failed = body.items.find((i: { id: string }) => i.id === data.failedImport);
      expect(failed).toMatchObject({ status: 'failed', summary: null, error: { code: 'FILE_EMPTY' } });
      expect(failed.error.message).toMatch(/^[\x20-\x7e]+$/);
      expect(body.items.filter((i: { dryRun: boolean }) => i.dryRun)).toHaveLength(1);
      // The links work: the report of a listed import downloads.
      const report = await app.inject({ url: done.links.reportJson, headers: { authorization: `Bearer ${rs1}` } });
      expect(report.statusCode).toBe(200);
    });

    it('filters by status and date, pages, and keeps resellers apart', async () => {
      expect((await get(rs1, '/v1/imports?status=failed')).body.items.map((i: { id: string }) => i.id)).toEqual([data.failedImport]);
      expect((await get(rs1, '/v1/imports?since=2999-12-31')).body.items).toEqual([]);
      const first = await get(rs1, '/v1/imports?limit=2');
      const second = await get(rs1, `/v1/imports?limit=2&cursor=${first.body.nextCursor}`);
      expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id).sort()).toHaveLength(3);
      expect(second.body.nextCursor).toBeNull();
      expect((await get(rs2, '/v1/imports')).body.items.map((i: { id: string }) => i.id)).toEqual([data.rs2Import]);
    });
  });

  it('publishes the lists in the OpenAPI document with their parameters', async () => {
    const doc = (await app.inject('/docs/openapi.json')).json();
    const names = (path: string) => doc.paths[path].get.parameters.map((p: { name: string }) => p.name);
    expect(names('/v1/contracts')).toEqual(['q', 'status', 'limit', 'cursor', 'lang']);
    expect(names('/v1/applications')).toEqual(['status', 'supportId', 'since', 'until', 'limit', 'cursor', 'lang']);
    expect(names('/v1/registrations')).toEqual(['serial', 'limit', 'cursor', 'lang']);
    expect(names('/v1/imports')).toEqual(['status', 'since', 'limit', 'cursor', 'lang']);
    expect(doc.paths['/v1/contracts'].get.parameters[0].description).toMatch(/find/i);
    const item = doc.paths['/v1/contracts'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties)).toEqual(['supportId', 'customerName', 'systemName', 'status', 'labelRecipients']);
  });
});
