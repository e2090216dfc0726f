import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { loadConfig } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { buildServer } from '../../src/server/buildServer.js';
import type { HttpSettings } from '../../src/server/httpSettings.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine, type TestDatabase } from '../helpers/testDatabase.js';
import { captureLog, logEntries, rawExchange } from './serverKit.js';

/**
 * SPEC §7: "failed authentication is rate-limited (429 with Retry-After)". Failed attempts are
 * counted per client address and per presented token value; uploads per token. A valid token is
 * never refused for others' failures from the same address (one office behind one NAT), and
 * status polling is not limited. Limits are small here so a burst crosses them quickly.
 */

const AUTH_FAILURES = 5;
const UPLOADS = 3;
const missingImport = () => `/v1/imports/${globalThis.crypto.randomUUID()}`;
const fakeToken = (n: number) => `packreg_${n.toString(16).padStart(32, '0')}_${'A'.repeat(43)}`;
const NO_QUEUE = { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' as const };

async function serverWith(t: () => TestDatabase, base: Context, http: Partial<HttpSettings>): Promise<FastifyInstance> {
  const ctx = t().context({ config: { http: { ...base.config.http, ...http } } });
  return buildServer({ ctx: { ...ctx, log: base.log }, queue: NO_QUEUE, version: 'test' });
}

describe('rate limit settings', () => {
  it('come from the environment, with defaults; 0 turns a limit off; nonsense is CONFIG_INVALID', () => {
    expect(loadConfig({}).http.rateLimits).toEqual({ authFailuresPerMinute: 60, uploadsPerMinute: 30, windowMs: 60_000 });
    const set = loadConfig({ PACKREG_HTTP_AUTH_FAILURES_PER_MINUTE: '7', PACKREG_HTTP_UPLOADS_PER_MINUTE: '0' }).http.rateLimits;
    expect(set).toEqual({ authFailuresPerMinute: 7, uploadsPerMinute: 0, windowMs: 60_000 });
    expect(() => loadConfig({ PACKREG_HTTP_AUTH_FAILURES_PER_MINUTE: '-1' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadConfig({ PACKREG_HTTP_UPLOADS_PER_MINUTE: 'many' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ PACKREG_HTTP_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).http.trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16']);
  });
});

describeEachEngine('HTTP rate limits', (t) => {
  let base: Context;
  let lines: string[];
  let server: RunningServer;
  let tokenA: string;
  let tokenA2: string;

  beforeAll(async () => {
    const captured = captureLog();
    lines = captured.lines;
    const ctx = t().context();
    base = { ...ctx, log: captured.log };
    await loadReference(base, await writeReferenceDir());
    tokenA = (await apiTokens.create(base.db.knex, 'RS001')).token;
    tokenA2 = (await apiTokens.create(base.db.knex, 'RS001')).token;
    const limited = t().context({ config: { http: { ...ctx.config.http, rateLimits: { authFailuresPerMinute: AUTH_FAILURES, uploadsPerMinute: UPLOADS, windowMs: 60_000 } } } });
    server = await startServer({ ...limited, log: captured.log }, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a burst of 150 bad-token requests over a socket: the first are 401, the rest 429 with Retry-After; a valid token from the same address still works', async () => {
    const from = lines.length;
    const answers: Array<{ status: number; retryAfter: string | null; body: { error: { code: string; message: string } } }> = [];
    for (let batch = 0; batch < 15; batch += 1) {
      answers.push(...await Promise.all(Array.from({ length: 10 }, async (_, i) => {
        const res = await fetch(`${server.url}${missingImport()}?lang=en`, { headers: { authorization: `Bearer ${fakeToken(batch * 10 + i)}` } });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error: { code: string; message: string } } };
      })));
    }
    expect(answers.filter((a) => a.status === 401)).toHaveLength(AUTH_FAILURES);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(150 - AUTH_FAILURES);
    for (const a of limited) {
      expect(a.body.error.code).toBe('RATE_LIMITED');
      expect(a.body.error.message).toMatch(/^Too many failed authentication attempts/);
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(60);
    }
    // Every 429 alike, whichever token was tried.
    expect(new Set(limited.map((a) => a.body.error.message.replace(/\d+/g, 'N'))).size).toBe(1);
    // No token and a malformed header count as failures too; the message follows the language.
    const none = await fetch(`${server.url}${missingImport()}`, { headers: { 'accept-language': 'ja' } });
    expect(none.status).toBe(429);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/認証/);
    // The office behind the same address: a valid token is served, uploads and polling included.
    const ok = await fetch(`${server.url}${missingImport()}`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(ok.status).toBe(404);
    expect((await fetch(`${server.url}/v1/template.xlsx`, { headers: { authorization: `Bearer ${tokenA}` } })).status).toBe(200);
    // Noted in the log once, not once per refused request, and with no token in it.
    const warnings = logEntries(lines, from).filter((e) => e.msg === 'authentication rate limit reached');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);
    expect(lines.slice(from).join('')).not.toContain('A'.repeat(43));
  });

  it('one bad token tried from many addresses is limited too; different addresses with different tokens are not', async () => {
    const app = await serverWith(t, base, { rateLimits: { authFailuresPerMinute: AUTH_FAILURES, uploadsPerMinute: UPLOADS, windowMs: 60_000 } });
    try {
      const stolen = fakeToken(999);
      const spread: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        spread.push((await app.inject({ url: missingImport(), headers: { authorization: `Bearer ${stolen}` }, remoteAddress: `10.0.${i}.1` })).statusCode);
      }
      expect(spread).toEqual([...Array(AUTH_FAILURES).fill(401), ...Array(20 - AUTH_FAILURES).fill(429)]);
      const distinct: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        distinct.push((await app.inject({ url: missingImport(), headers: { authorization: `Bearer ${fakeToken(2000 + i)}` }, remoteAddress: `10.1.${i}.1` })).statusCode);
      }
      expect(distinct).toEqual(Array(20).fill(401));
      // Without a trusted proxy, X-Forwarded-For is the client's word and changes nothing.
      const spoofed: number[] = [];
      for (let i = 0; i < AUTH_FAILURES + 2; i += 1) {
        spoofed.push((await app.inject({ url: missingImport(), headers: { 'x-forwarded-for': `192.0.2.${i}` }, remoteAddress: '10.9.9.9' })).statusCode);
      }
      expect(spoofed.slice(-2)).toEqual([429, 429]);
    } finally {
      await app.close();
    }
  });

  it('behind a trusted proxy the client address is taken from X-Forwarded-For', async () => {
    const app = await serverWith(t, base, { trustProxy: ['127.0.0.1'], rateLimits: { authFailuresPerMinute: 2, uploadsPerMinute: UPLOADS, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await app.inject({ url: missingImport(), headers: { 'x-forwarded-for': `192.0.2.${i}` } })).statusCode);
      expect(statuses).toEqual(Array(6).fill(401));
      for (let i = 0; i < 2; i += 1) await app.inject({ url: missingImport(), headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect((await app.inject({ url: missingImport(), headers: { 'x-forwarded-for': '198.51.100.7' } })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('uploads are limited per token (429 before the body is read); polling and other tokens are not', async () => {
    const upload = (token: string) => fetch(`${server.url}/v1/imports?dryRun=true&fileName=a.csv&lang=en`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: 'a,b\r\n1,2\r\n',
    });
    const ids: string[] = [];
    for (let i = 0; i < UPLOADS; i += 1) {
      const res = await upload(tokenA);
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const refused = await upload(tokenA);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toContain(String(UPLOADS));
    expect(body.error.message).toMatch(/upload/i);
    // Refused before the body is read: announced 20 MB, sent 1 KB, and the answer comes anyway.
    const head = [
      'POST /v1/imports?fileName=big.csv HTTP/1.1', `Host: ${new URL(server.url).host}`, `Authorization: Bearer ${tokenA}`,
      'Content-Type: text/csv', `Content-Length: ${20 * 1024 * 1024}`, '',
    ].join('\r\n');
    const early = await rawExchange(server.url, head, Buffer.alloc(1024, 0x41));
    expect(early?.status).toBe(429);
    expect(early?.headers.connection).toBe('close');
    expect(JSON.parse(early!.body).error.code).toBe('RATE_LIMITED');
    // A refused upload is not queued.
    const batches = await base.db.knex('import_batches').where({ reseller_code: 'RS001' }).count({ n: '*' });
    expect(Number(batches[0]!.n)).toBe(UPLOADS);
    // The reseller's other token has its own count.
    expect((await upload(tokenA2)).status).toBe(202);
    // The page polls: 150 status requests with the limited token are all served.
    const polls = await Promise.all(Array.from({ length: 150 }, (_, i) => fetch(`${server.url}/v1/imports/${ids[i % ids.length]}`, { headers: { authorization: `Bearer ${tokenA}` } })));
    expect(polls.map((p) => p.status)).toEqual(Array(150).fill(200));
  });

  it('counts reset after the window; Retry-After says when', async () => {
    const app = await serverWith(t, base, { rateLimits: { authFailuresPerMinute: 2, uploadsPerMinute: UPLOADS, windowMs: 1500 } });
    try {
      const run = async () => {
        const statuses: number[] = [];
        let retryAfter = '';
        for (let i = 0; i < 4; i += 1) {
          const res = await app.inject({ url: missingImport(), headers: { authorization: 'Bearer nope' } });
          statuses.push(res.statusCode);
          if (res.statusCode === 429) retryAfter = String(res.headers['retry-after']);
        }
        return { statuses, retryAfter };
      };
      const first = await run();
      expect(first.statuses).toEqual([401, 401, 429, 429]);
      expect(['1', '2']).toContain(first.retryAfter);
      await new Promise((r) => setTimeout(r, 1700));
      expect((await run()).statuses).toEqual([401, 401, 429, 429]);
    } finally {
      await app.close();
    }
  });

  it('the OpenAPI document lists 429 for uploads and for the authenticated reads', async () => {
    const doc = (await (await fetch(`${server.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths['/v1/imports']!.post!.responses)).toContain('429');
    expect(Object.keys(doc.paths['/v1/imports/{id}']!.get!.responses)).toContain('429');
  });

  it('a limit of 0 is off', async () => {
    const app = await serverWith(t, base, { rateLimits: { authFailuresPerMinute: 0, uploadsPerMinute: 0, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await app.inject({ url: missingImport(), headers: { authorization: 'Bearer nope' } })).statusCode);
      expect(statuses).toEqual(Array(30).fill(401));
    } finally {
      await app.close();
    }
  });
});
