import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { buildServer } from '../../src/server/buildServer.js';
import type { ImportQueue } from '../../src/server/makeImportQueue.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';

/** The portal's post-receipt changes over HTTP, for the owning reseller only (issue 11). */
describeEachEngine('HTTP application changes', (t) => {
  let app: FastifyInstance;
  let rs1: string;
  let rs2: string;
  let completed: string;
  let underReview: string;

  beforeAll(async () => {
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    rs1 = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    rs2 = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    const file = await writeUploadCsv([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011', options: 'OPT-A' },
      { supportId: '300000002', packModel: 'SP-NX-12', serial: 'NX-0002', label: 'U-ADMIN1' },
    ]);
    await importFile(ctx, { path: file, resellerCode: 'RS001' });
    completed = (await ctx.db.knex('applications').where({ support_id: '300000001' }).first('receipt_no')).receipt_no;
    underReview = (await ctx.db.knex('applications').where({ support_id: '300000002' }).first('receipt_no')).receipt_no;
    // No uploads in this file: a queue that refuses work keeps the test to the routes at hand.
    const noQueue: ImportQueue = {
      enqueue: async () => { throw new Error('no uploads in this test'); },
      wake: () => undefined,
      stop: async () => undefined,
    } as unknown as ImportQueue;
    app = await buildServer({ ctx, queue: noQueue, version: 'test' });
    await app.ready();
  });
  afterAll(async () => app?.close());

  const patch = (token: string, url: string, payload: object, lang = 'en') =>
    app.inject({ method: 'PATCH', url: `${url}?lang=${lang}`, headers: { authorization: `Bearer ${token}` }, payload });

  it('changes the site, normalised like an upload, and shows it in the application', async () => {
    const res = await patch(rs1, `/v1/applications/${completed}/registrations/HW-0011/site`, { postalCode: '〒１０５－００１４', address: '東京都港区芝五丁目7番1号' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'changed', after: { site_postal_code: '105-0014' } });
    const view = (await app.inject({ url: `/v1/applications/${completed}`, headers: { authorization: `Bearer ${rs1}` } })).json();
    expect(view.registrations[0].site).toMatchObject({ postalCode: '105-0014', address: '東京都港区芝五丁目7番1号' });
  });

  it('refuses values that break the import rules with 422 and their codes', async () => {
    const res = await patch(rs1, `/v1/applications/${completed}/registrations/HW-0011/site`, { postalCode: '12-34' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { code: string }) => e.code)).toEqual(['POSTAL_CODE_FORMAT']);
    const options = await patch(rs1, `/v1/applications/${completed}/registrations/HW-0011/options`, { options: 'OPT-A*150' });
    expect(options.statusCode).toBe(422);
    expect(options.json().error.code).toBe('OPTIONS_QUANTITY');
  });

  it('changes options', async () => {
    const res = await patch(rs1, `/v1/applications/${completed}/registrations/HW-0011/options`, { options: 'OPT-B*2;OPT-C' });
    expect(res.statusCode).toBe(200);
    const view = (await app.inject({ url: `/v1/applications/${completed}`, headers: { authorization: `Bearer ${rs1}` } })).json();
    expect(view.registrations[0].options).toEqual([{ model: 'OPT-B', quantity: 2 }, { model: 'OPT-C', quantity: 1 }]);
  });

  it('refuses any change while the application is under review (409)', async () => {
    const res = await patch(rs1, `/v1/applications/${underReview}/registrations/NX-0002/site`, { building: '別館' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('APPLICATION_UNDER_REVIEW');
  });

  it("answers another reseller's application exactly like a missing one (404), and no token 401", async () => {
    const other = await patch(rs2, `/v1/applications/${completed}/registrations/HW-0011/site`, { building: 'x' });
    const missing = await patch(rs2, '/v1/applications/R2611259999999/registrations/HW-0011/site', { building: 'x' });
    expect(other.statusCode).toBe(404);
    expect(JSON.parse(other.body)).toEqual(JSON.parse(missing.body.replace("R2611259999999", completed)));
    const anonymous = await app.inject({ method: 'PATCH', url: `/v1/applications/${completed}/registrations/HW-0011/site`, payload: { building: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });
});
