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
import { captureLog, logEntries } from './serverKit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** HTTP conventions of issue 18.4: 405 with Allow, CSV charsets, request ids in headers and logs. */
describeEachEngine('HTTP conventions', (t) => {
  let app: FastifyInstance;
  let token: string;
  let importId: string;
  const captured = captureLog();

  beforeAll(async () => {
    const ctx = { ...t().context(), log: captured.log };
    await loadReference(ctx, await writeReferenceDir());
    token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011' }]);
    importId = (await importFile(ctx, { path: file, resellerCode: 'RS001' })).importId;
    const noQueue = { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' } as unknown as ImportQueue;
    app = await buildServer({ ctx, queue: noQueue, version: 'test' });
    await app.ready();
  });
  afterAll(async () => app?.close());

  const auth = () => ({ authorization: `Bearer ${token}` });

  it('a wrong method on a known path is 405 with Allow, in the asked language; an unknown path stays 404', async () => {
    const health = await app.inject({ method: 'DELETE', url: '/healthz?lang=en' });
    expect(health.statusCode).toBe(405);
    expect(health.headers.allow).toBe('GET, HEAD');
    expect(health.json().error).toEqual({ code: 'METHOD_NOT_ALLOWED', message: 'DELETE is not allowed here (allowed: GET, HEAD).' });
    const imports = await app.inject({ method: 'PUT', url: '/v1/imports', headers: auth() });
    expect(imports.statusCode).toBe(405);
    expect(String(imports.headers.allow).split(', ')).toContain('POST');
    const one = await app.inject({ method: 'POST', url: `/v1/imports/${importId}`, headers: { ...auth(), 'accept-language': 'ja' } });
    expect(one.statusCode).toBe(405);
    expect(String(one.headers.allow).split(', ')).toEqual(expect.arrayContaining(['GET', 'HEAD']));
    expect(one.json().error.message).toMatch(/POST は使えません/);
    const nope = await app.inject({ method: 'DELETE', url: '/v1/nothing-here' });
    expect(nope.statusCode).toBe(404);
    expect(nope.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('CSV downloads say their charset: utf-8 by default, shift_jis for cp932', async () => {
    const utf8 = await app.inject({ url: `/v1/imports/${importId}/report.csv`, headers: auth() });
    expect(utf8.statusCode).toBe(200);
    expect(utf8.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(utf8.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const cp932 = await app.inject({ url: `/v1/imports/${importId}/report.csv?encoding=cp932`, headers: auth() });
    expect(cp932.headers['content-type']).toBe('text/csv; charset=shift_jis');
    expect(cp932.rawPayload.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const json = await app.inject({ url: `/v1/imports/${importId}/report.json`, headers: auth() });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('every response carries a random x-request-id (never the client\'s), and every log line of the request has it', async () => {
    const from = captured.lines.length;
    const a = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'client-chosen' } });
    const b = await app.inject({ url: `/v1/imports/${importId}`, headers: { authorization: 'Bearer wrong' } });
    const c = await app.inject({ method: 'PATCH', url: '/healthz' });
    const ids = [a, b, c].map((r) => String(r.headers['x-request-id']));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
    const entries = logEntries(captured.lines, from);
    for (const id of ids) {
      const lines = entries.filter((e) => e.reqId === id);
      // fastify's "incoming request" and "request completed" at least.
      expect(lines.length, id).toBeGreaterThanOrEqual(2);
    }
    // Nothing logged for these requests lacks the id: every line has one of the three.
    expect(entries.filter((e) => !ids.includes(String(e.reqId)))).toEqual([]);
    for (const e of entries) {
      expect(e.pid).toBe(process.pid);
      expect(typeof e.hostname).toBe('string');
    }
  });
});
