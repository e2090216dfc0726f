import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import type { Context } from '../../src/context.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { UPLOAD_HEADERS, uploadRow } from '../helpers/uploadFile.js';
import { captureLog, logEntries, rawExchange, type ClientEnd } from './serverKit.js';

/**
 * Broken and hostile requests against a listening server (SPEC §7: "Client errors are 4xx with a
 * code, never 500; … tokens never appear in logs"). Each request goes over a plain socket, so
 * the body can be cut short, the boundary can be missing or wrong and the client can hang up;
 * the server must answer 4xx with a code (when anyone is left to answer), log no stack trace and
 * keep serving. Everything is logged at trace level and read back.
 */

const BOUNDARY = '----packregTestBoundary7MA4YWxk';
const CSV = `${[UPLOAD_HEADERS, uploadRow({ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-7001' })].map((r) => r.join(',')).join('\r\n')}\r\n`;

const filePart = (name = 'list.csv', data = CSV, field = 'file') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${data}\r\n`;
const fieldPart = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const closing = `--${BOUNDARY}--\r\n`;

describeEachEngine('HTTP: broken and hostile requests over a socket', (t) => {
  let ctx: Context;
  let server: RunningServer;
  let token: string;
  let lines: string[];

  beforeAll(async () => {
    const captured = captureLog();
    lines = captured.lines;
    ctx = { ...t().context(), log: captured.log };
    await loadReference(ctx, await writeReferenceDir());
    token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** POST /v1/imports over a raw socket; `length` may claim more bytes than are sent. */
  const post = (contentType: string | null, body: Buffer | string, opts: { length?: number; end?: ClientEnd; query?: string } = {}) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const head = [
      `POST /v1/imports${opts.query ?? '?lang=en'} HTTP/1.1`,
      `Host: ${new URL(server.url).host}`,
      `Authorization: Bearer ${token}`,
      ...(contentType ? [`Content-Type: ${contentType}`] : []),
      `Content-Length: ${opts.length ?? bytes.length}`,
      'Connection: close',
      '',
    ].join('\r\n');
    return rawExchange(server.url, head, bytes, opts.end);
  };

  /**
   * Runs `act`, then checks the log lines it produced: no stack trace, nothing at error level,
   * and the request's own completion line (when fastify wrote one) with a 4xx status.
   */
  const expectClientErrorLogged = async <T>(act: () => Promise<T>): Promise<T> => {
    const from = lines.length;
    const result = await act();
    // The server may log the end of a request a moment after the client saw the socket close.
    await new Promise((r) => setTimeout(r, 300));
    const entries = logEntries(lines, from);
    expect(entries.length).toBeGreaterThan(0);
    const text = lines.slice(from).join('');
    expect(text).not.toContain('"stack"');
    expect(entries.filter((e) => Number(e.level) >= 50)).toEqual([]);
    const statuses = entries.map((e) => (e.res as { statusCode?: number } | undefined)?.statusCode).filter((s) => s !== undefined);
    for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
    for (const status of statuses) expect(status).toBeLessThan(500);
    return result;
  };

  const expectCode = (res: Awaited<ReturnType<typeof post>>, status: number, code: string) => {
    expect(res, 'an answer').not.toBeNull();
    expect(res!.status, res!.body).toBe(status);
    const body = JSON.parse(res!.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(res!.body).not.toMatch(/\n\s+at |stack/);
    return body.error.message;
  };

  const stillServing = async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  };

  it('multipart/form-data without a boundary is 400 MULTIPART_INVALID', async () => {
    const res = await expectClientErrorLogged(() => post('multipart/form-data', filePart() + closing));
    expectCode(res, 400, 'MULTIPART_INVALID');
    await stillServing();
  });

  it('a boundary that does not match the body is 400 MULTIPART_INVALID', async () => {
    const res = await expectClientErrorLogged(() => post('multipart/form-data; boundary=----somethingElse', filePart() + closing));
    expectCode(res, 400, 'MULTIPART_INVALID');
  });

  it('a body that stops before the closing boundary (mid-file, and between parts) is 400 MULTIPART_INVALID', async () => {
    const midFile = filePart().slice(0, -40);
    const res = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, midFile));
    expectCode(res, 400, 'MULTIPART_INVALID');
    const afterPart = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, filePart()));
    expectCode(afterPart, 400, 'MULTIPART_INVALID');
    const batches = await ctx.db.knex('import_batches').count({ n: '*' });
    expect(Number(batches[0]!.n)).toBe(0);
  });

  it('a multipart body shorter than its Content-Length, client shuts its side: 400 UPLOAD_INCOMPLETE, no stack', async () => {
    const body = filePart();
    const res = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, body, { length: body.length + 5000, end: 'half-close' }));
    expectCode(res, 400, 'UPLOAD_INCOMPLETE');
    await stillServing();
  });

  it('a raw body shorter than its Content-Length, client shuts its side: 400 UPLOAD_INCOMPLETE, no stack', async () => {
    const res = await expectClientErrorLogged(() => post('text/csv', CSV, { length: CSV.length + 5000, end: 'half-close', query: '?lang=en&fileName=a.csv' }));
    expectCode(res, 400, 'UPLOAD_INCOMPLETE');
    await stillServing();
  });

  it('a client that drops the connection mid-upload (multipart and raw) leaves no stack trace and no import', async () => {
    const body = filePart();
    await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, body, { length: body.length + 5000, end: 'destroy' }));
    await expectClientErrorLogged(() => post('text/csv', CSV, { length: CSV.length + 5000, end: 'destroy', query: '?fileName=a.csv' }));
    await stillServing();
    const batches = await ctx.db.knex('import_batches').count({ n: '*' });
    expect(Number(batches[0]!.n)).toBe(0);
  });

  it('1,000 form fields are 400 TOO_MANY_FIELDS naming the limit, not a "file too large"', async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => fieldPart(`f${i}`, 'x')).join('');
    const res = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, fields + filePart() + closing));
    const message = expectCode(res, 400, 'TOO_MANY_FIELDS');
    expect(message).toMatch(/\b20\b/);
    expect(message).not.toMatch(/MB/);
    const ja = await post(`multipart/form-data; boundary=${BOUNDARY}`, fields + closing, { query: '?lang=ja' });
    expect(expectCode(ja, 400, 'TOO_MANY_FIELDS')).toMatch(/20/);
  });

  it('too many parts (parts with no name) are 400 TOO_MANY_PARTS naming the limit', async () => {
    const nameless = Array.from({ length: 200 }, () => `--${BOUNDARY}\r\nX-Nothing: 1\r\n\r\nx\r\n`).join('');
    const res = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, nameless + filePart() + closing));
    const message = expectCode(res, 400, 'TOO_MANY_PARTS');
    expect(message).toMatch(/\b30\b/);
  });

  it('two files are 400 TOO_MANY_FILES; a file in another field is 400 BAD_REQUEST', async () => {
    const two = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, filePart('a.csv') + filePart('b.csv') + closing));
    expectCode(two, 400, 'TOO_MANY_FILES');
    const other = await expectClientErrorLogged(() => post(`multipart/form-data; boundary=${BOUNDARY}`, filePart('a.csv', CSV, 'attachment') + closing));
    expectCode(other, 400, 'BAD_REQUEST');
    await stillServing();
  });

  it('a JSON body over the 64 KB body limit is 413 REQUEST_TOO_LARGE naming that limit, not the file limit', async () => {
    const body = Buffer.from(`{"address":"${'x'.repeat(100 * 1024)}"}`);
    // Content-Length exactly the body's: a byte too many is read as the next request, which
    // Node 24's parser answers 400 before the 413 gets out.
    const head = [
      'PATCH /v1/applications/R2611250000001/registrations/X-1/site?lang=en HTTP/1.1', `Host: ${new URL(server.url).host}`,
      `Authorization: Bearer ${token}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Connection: close', '',
    ].join('\r\n');
    const res = await expectClientErrorLogged(() => rawExchange(server.url, head, body));
    const message = expectCode(res, 413, 'REQUEST_TOO_LARGE');
    expect(message).toMatch(/64 KB/);
  });

  it('a malformed request line and oversized headers are answered in the error shape, logged without a stack', async () => {
    const garbage = await expectClientErrorLogged(() => rawExchange(server.url, 'GARBAGE / NOT-HTTP\r\n', Buffer.alloc(0)));
    expectCode(garbage, 400, 'BAD_REQUEST');
    const huge = await expectClientErrorLogged(() => rawExchange(server.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n`, Buffer.alloc(0)));
    expectCode(huge, 431, 'HEADERS_TOO_LARGE');
    await stillServing();
  });

  it('a well-formed multipart upload over the same socket path is accepted (the helper is sound)', async () => {
    const res = await post(`multipart/form-data; boundary=${BOUNDARY}`, fieldPart('note', 'hi') + filePart() + closing, { query: '?dryRun=true' });
    expect(res?.status, res?.body).toBe(202);
    const { id } = JSON.parse(res!.body) as { id: string };
    for (let i = 0; i < 300; i += 1) {
      const status = (await (await fetch(`${server.url}/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
      if (status.status === 'finished' || status.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});

describeEachEngine('HTTP: the bearer token never reaches a log line, at trace level', (t) => {
  let ctx: Context;
  let server: RunningServer;
  let lines: string[];

  beforeAll(async () => {
    const captured = captureLog();
    lines = captured.lines;
    ctx = { ...t().context(), log: captured.log };
    await loadReference(ctx, await writeReferenceDir());
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('upload (multipart and raw), poll, download every report, a bad token, a cookie: no line holds the token', { timeout: 120_000 }, async () => {
    const token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    // packreg_<32 hex>_<secret>: the secret is base64url and may itself hold '_'.
    const secretOf = (value: string): string => value.slice('packreg_'.length + 33);
    const secret = secretOf(token);
    const headers = { authorization: `Bearer ${token}`, cookie: `session=${secret}` };
    const form = new FormData();
    form.append('note', 'x');
    form.append('file', new Blob([CSV], { type: 'text/csv' }), 'list.csv');
    const multipart = await fetch(`${server.url}/v1/imports`, { method: 'POST', headers, body: form });
    expect(multipart.status).toBe(202);
    const raw = await fetch(`${server.url}/v1/imports?fileName=b.csv&dryRun=true`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: CSV });
    expect(raw.status).toBe(202);
    for (const { id } of [(await multipart.json()) as { id: string }, (await raw.json()) as { id: string }]) {
      let status = '';
      for (let i = 0; i < 300 && status !== 'finished' && status !== 'failed'; i += 1) {
        status = ((await (await fetch(`${server.url}/v1/imports/${id}`, { headers })).json()) as { status: string }).status;
        if (status !== 'finished') await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe('finished');
      for (const report of ['report.json', 'report.csv', 'report.xlsx', 'rejects.xlsx']) {
        expect((await fetch(`${server.url}/v1/imports/${id}/${report}`, { headers })).status).toBe(200);
      }
    }
    expect((await fetch(`${server.url}/v1/template.xlsx`, { headers })).status).toBe(200);
    // A wrong token that looks like a real one, and a revoked real one.
    const wrong = `${token.slice(0, -4)}AAAA`;
    expect((await fetch(`${server.url}/v1/imports/${globalThis.crypto.randomUUID()}`, { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    const revoked = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    await apiTokens.revoke(ctx.db.knex, revoked);
    const badForm = new FormData();
    badForm.append('file', new Blob([CSV]), 'c.csv');
    expect((await fetch(`${server.url}/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${revoked}` }, body: badForm })).status).toBe(401);

    await new Promise((r) => setTimeout(r, 300));
    const text = lines.join('');
    // The run was logged in detail (else the test proves nothing): multipart parsing and the queue.
    expect(text).toContain('Providing options to busboy');
    expect(text).toContain('upload queued');
    expect(text).toContain('incoming request');
    for (const value of [token, secret, wrong, revoked, secretOf(revoked)]) {
      expect(value.length).toBeGreaterThanOrEqual(43);
      const hits = lines.filter((line) => line.includes(value));
      expect(hits, `${hits.length} log lines hold a token`).toEqual([]);
    }
  });
});

describe('serverKit', () => {
  it('parses a chunked answer', async () => {
    const { createServer } = await import('node:http');
    const plain = createServer((_req, res) => {
      res.write('ab');
      res.end('cd');
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const address = plain.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const res = await rawExchange(url, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n', Buffer.alloc(0));
    await new Promise((r) => plain.close(r));
    expect(res).toMatchObject({ status: 200, body: 'abcd' });
  });
});
