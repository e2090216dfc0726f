import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import type { Context } from '../../src/context.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { buildServer } from '../../src/server/buildServer.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { UPLOAD_HEADERS, uploadRow, type UploadRow } from '../helpers/uploadFile.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RECEIPT = /^R\d{13}$/;

/** A multipart/form-data body, built by hand so a test controls every part. */
function multipart(files: Array<{ field?: string; name: string; type?: string; data: Buffer | string }>) {
  const boundary = `----packreg${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const csvText = (rows: UploadRow[]) => `${[UPLOAD_HEADERS, ...rows.map(uploadRow)].map((cells) => cells.join(',')).join('\r\n')}\r\n`;

async function xlsxBuffer(rows: UploadRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('依頼');
  sheet.addRow(UPLOAD_HEADERS);
  for (const row of rows) sheet.addRow(uploadRow(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

describeEachEngine('HTTP server', (t) => {
  let ctx: Context;
  let server: RunningServer;
  let app: FastifyInstance;
  let rs1: string;
  let rs2: string;
  let revoked: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    rs1 = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    rs2 = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    revoked = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    expect(await apiTokens.revoke(ctx.db.knex, revoked)).toBe(true);
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    app = server.app;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Poll GET /v1/imports/:id until the import has finished or failed. */
  const settle = async (id: string, token = rs1) => {
    for (let i = 0; i < 300; i += 1) {
      const res = await app.inject({ url: `/v1/imports/${id}`, headers: auth(token) });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      if (body.status === 'finished' || body.status === 'failed') return body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`import ${id} did not settle`);
  };
  const upload = async (data: Buffer | string, name: string, query = '', token = rs1) => {
    const res = await app.inject({ method: 'POST', url: `/v1/imports${query}`, ...withAuth(multipart([{ name, data }]), token) });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  const withAuth = (body: { payload: Buffer; headers: Record<string, string> }, token: string) => ({ payload: body.payload, headers: { ...body.headers, ...auth(token) } });

  describe('authentication', () => {
    const routes = [
      ['POST', '/v1/imports'], ['GET', '/v1/imports/00000000-0000-0000-0000-000000000000'],
      ['GET', '/v1/imports/00000000-0000-0000-0000-000000000000/report.json'], ['GET', '/v1/template.xlsx'],
      ['GET', '/v1/applications/R2611250000001'],
    ] as const;
    it.each(routes)('%s %s: no token, a bad one, a malformed one and a revoked one are 401', async (method, url) => {
      const tries: Array<Record<string, string>> = [
        {}, auth(`packreg_${'0'.repeat(32)}_${'A'.repeat(43)}`), auth('not-a-token'), { authorization: rs1 }, auth(revoked),
        auth(`${rs1.slice(0, -1)}${rs1.endsWith('A') ? 'B' : 'A'}`),
      ];
      for (const headers of tries) {
        const res = await app.inject({ method, url, headers });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    });

    it('healthz, the page and the OpenAPI document need no token', async () => {
      expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok', engine: t().engine });
      const page = await app.inject('/');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'sha256-/);
      expect(page.body).toContain('id="drop"');
      const doc = (await app.inject('/docs/openapi.json')).json();
      expect(doc.openapi).toBe('3.0.3');
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/healthz', '/v1/applications', '/v1/applications/{receiptNo}', '/v1/applications/{receiptNo}/registrations/{serial}/options',
        '/v1/applications/{receiptNo}/registrations/{serial}/site', '/v1/contracts', '/v1/imports', '/v1/imports/{id}', '/v1/imports/{id}/commit',
        '/v1/imports/{id}/rejects.xlsx', '/v1/imports/{id}/report.csv', '/v1/imports/{id}/report.json', '/v1/imports/{id}/report.xlsx', '/v1/mapping',
        '/v1/registrations', '/v1/template.xlsx', '/v1/webhook', '/v1/webhook/deliveries',
      ]);
      expect(doc.paths['/v1/imports'].post.parameters.map((p: { name: string }) => p.name)).toEqual(['dryRun', 'atomicity', 'sheet', 'fileName', 'lang']);
      expect(doc.paths['/v1/imports/{id}'].get.responses['200'].content['application/json'].schema.properties.status.enum)
        .toEqual(['queued', 'running', 'finished', 'failed', 'cancelled']);
      expect(doc.paths['/v1/imports/{id}/report.xlsx'].get.responses['200'].content).toHaveProperty([XLSX_TYPE]);
    });

    it('unknown routes are JSON 404s', async () => {
      const res = await app.inject('/nope');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    });
  });

  it('a CP932 CSV over a real socket: 202, progress, finished, every report, the application', async () => {
    const rows: UploadRow[] = [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001', address: '東京都千代田区千代田1-1 髙島屋①ビル' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0002' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-9999' },
    ];
    const bytes = iconv.encode(csvText(rows), 'cp932');
    expect(bytes.includes(Buffer.from('髙'))).toBe(false);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'text/csv' }), '4月分 登録依頼.csv');
    const res = await fetch(`${server.url}/v1/imports?lang=en`, { method: 'POST', headers: auth(rs1), body: form });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(res.headers.get('location')).toBe(`/v1/imports/${id}`);

    const status = await settle(id);
    expect(status).toMatchObject({ id, status: 'finished', fileName: '4月分 登録依頼.csv', dryRun: false, error: null });
    expect(status.summary).toMatchObject({ rows: 3, registered: 2, rejected: 1, held: 0, applications: 1 });
    expect(status.progress).toMatchObject({ phase: 'done', rowsRead: 3 });

    const json = await fetch(`${server.url}/v1/imports/${id}/report.json`, { headers: auth(rs1) });
    expect(json.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('4月分 登録依頼')}.report.json`);
    const report = (await json.json()) as { rows: Array<{ row: number; status: string; receiptNo: string | null; errors: Array<{ code: string; message: string }> }> };
    expect(report.rows.map((r) => [r.row, r.status])).toEqual([[2, 'registered'], [3, 'registered'], [4, 'rejected']]);
    // The reports default to the language of the upload (?lang=en on the POST).
    expect(report.rows[2]!.errors[0]!.message).toMatch(/^[\x20-\x7e]+$/);
    const receipt = report.rows[0]!.receiptNo!;
    expect(receipt).toMatch(RECEIPT);

    const csv = Buffer.from(await (await fetch(`${server.url}/v1/imports/${id}/report.csv?lang=ja`, { headers: auth(rs1) })).arrayBuffer());
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8')).toContain('登録完了');
    const xlsx = await fetch(`${server.url}/v1/imports/${id}/report.xlsx`, { headers: auth(rs1) });
    expect(xlsx.headers.get('content-type')).toBe(XLSX_TYPE);
    const book = await readXlsx(Buffer.from(await xlsx.arrayBuffer()));
    expect(book.worksheets[0]!.rowCount).toBe(4);
    const rejects = await readXlsx(Buffer.from(await (await fetch(`${server.url}/v1/imports/${id}/rejects.xlsx`, { headers: auth(rs1) })).arrayBuffer()));
    expect(rejects.worksheets[0]!.getColumn(3).values.slice(2)).toEqual(['PC-9999']);

    const application = await fetch(`${server.url}/v1/applications/${receipt}`, { headers: auth(rs1) });
    expect(application.status).toBe(200);
    const view = (await application.json()) as { receiptNo: string; registrations: Array<{ packSerial: string; site: { address: string } }> };
    expect(view.receiptNo).toBe(receipt);
    expect(view.registrations.map((r) => r.packSerial)).toEqual(['HW-0001', 'HW-0002']);
    // Decoded from CP932, stored exactly (髙 and ① are CP932 extensions).
    expect(view.registrations[0]!.site.address).toBe('東京都千代田区千代田1-1 髙島屋①ビル');

    // Isolation: the other reseller gets 404 for all of it, exactly like for nothing at all.
    const missing = (await app.inject({ url: `/v1/imports/${randomUuid()}`, headers: auth(rs2) })).json();
    for (const url of [`/v1/imports/${id}`, `/v1/imports/${id}/report.json`, `/v1/imports/${id}/report.xlsx`, `/v1/imports/${id}/rejects.xlsx`]) {
      const other = await app.inject({ url, headers: auth(rs2) });
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual(missing);
    }
    const otherApp = await app.inject({ url: `/v1/applications/${receipt}`, headers: auth(rs2) });
    expect(otherApp.statusCode).toBe(404);
    expect(otherApp.json().error.code).toBe('NOT_FOUND');
    expect((await app.inject({ url: '/v1/applications/R0000000000000', headers: auth(rs1) })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/imports/not-a-uuid', headers: auth(rs1) })).statusCode).toBe(404);
  });

  it('an XLSX as the raw body, dry run: valid rows, nothing committed', async () => {
    const before = Number((await ctx.db.knex('applications').count({ n: '*' }))[0]!.n);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/imports?dryRun=true&fileName=%E4%BE%9D%E9%A0%BC.xlsx',
      payload: await xlsxBuffer([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0003' }, { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' }]),
      headers: { ...auth(rs1), 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode).toBe(202);
    const status = await settle(res.json().id);
    expect(status).toMatchObject({ status: 'finished', fileName: '依頼.xlsx', dryRun: true });
    expect(status.summary).toMatchObject({ rows: 2, valid: 2, registered: 0, applications: 0 });
    expect(Number((await ctx.db.knex('applications').count({ n: '*' }))[0]!.n)).toBe(before);
    // A dry run keeps its stored upload: its plan may be committed (POST …/commit, issue 20 item 6).
    expect(Number((await ctx.db.knex('upload_chunks').where({ import_id: res.json().id }).count({ n: '*' }))[0]!.n)).toBe(1);
  });

  it('the content is sniffed: a PNG named .csv fails with FILE_UNREADABLE, in the asked language', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(200)]);
    const id = await upload(png, 'list.csv', '?lang=en');
    const status = await settle(id);
    expect(status.status).toBe('failed');
    expect(status.error.code).toBe('FILE_UNREADABLE');
    expect(status.error.message).toMatch(/^The file cannot be read/);
    const report = await app.inject({ url: `/v1/imports/${id}/report.json?lang=ja`, headers: auth(rs1) });
    expect(report.json()).toEqual({ error: { code: 'FILE_UNREADABLE', message: expect.stringMatching(/^ファイルを読み取れません/) } });
  });

  it('file names are sanitised before they are stored', async () => {
    const id = await upload(csvText([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' }]), '../..\\etc/\u202epasswd:*.csv');
    const raw = await app.inject({
      method: 'POST', url: `/v1/imports?fileName=${encodeURIComponent('../../x\n\u0000y.csv')}`, payload: 'a,b\r\n', headers: { ...auth(rs1), 'content-type': 'text/csv' },
    });
    for (const importId of [id, raw.json().id as string]) {
      const row = (await ctx.db.knex('import_batches').where({ id: importId }).first('file_name'))!;
      expect(row.file_name).not.toMatch(/[/\\\n\u0000\u202e:*]/);
      expect(row.file_name).not.toMatch(/^\./);
      expect(row.file_name).toMatch(/\.csv$/);
      await settle(importId);
    }
  });

  it('one file per request, and a file there must be', async () => {
    const two = multipart([{ name: 'a.csv', data: 'x' }, { name: 'b.csv', data: 'y' }]);
    const res = await app.inject({ method: 'POST', url: '/v1/imports', ...withAuth(two, rs1) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TOO_MANY_FILES');
    const none = await app.inject({ method: 'POST', url: '/v1/imports', payload: '', headers: { ...auth(rs1), 'content-type': 'text/csv' } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('NO_FILE');
  });

  it('bad options are a 400 with a code and a message, never a stack trace', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/imports?atomicity=sometimes', payload: 'x', headers: { ...auth(rs1), 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.body).not.toMatch(/\n\s+at /);
  });

  it('reports of an import still queued are 409; the template is a workbook listing the pack models', async () => {
    const [row] = await ctx.db.knex('import_batches').insert({ reseller_code: 'RS001', file_name: 'x.csv', source: 'cli', status: 'queued' }).returning('id');
    const res = await app.inject({ url: `/v1/imports/${(row as { id: string }).id}/report.csv`, headers: auth(rs1) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_READY');
    const template = await app.inject({ url: '/v1/template.xlsx?lang=en', headers: auth(rs1) });
    expect(template.statusCode).toBe(200);
    const book = await readXlsx(template.rawPayload);
    expect(book.worksheets[0]!.getRow(1).cellCount).toBeGreaterThanOrEqual(12);
  });

  describe('size limit', () => {
    let small: FastifyInstance;
    let smallUrl: string;
    const LIMIT = 4096;
    beforeAll(async () => {
      const smallCtx = t().context({ config: { limits: { ...ctx.config.limits, maxFileBytes: LIMIT } } });
      small = await buildServer({ ctx: smallCtx, queue: { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' }, version: 'test' });
      await small.listen({ host: '127.0.0.1', port: 0 });
      const address = small.server.address();
      smallUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await small?.close();
    });
    const batches = async () => Number((await ctx.db.knex('import_batches').count({ n: '*' }))[0]!.n);

    it('413 for a raw body or a multipart file over the limit; nothing is queued', async () => {
      const before = await batches();
      const raw = await small.inject({ method: 'POST', url: '/v1/imports', payload: Buffer.alloc(LIMIT + 1, 0x41), headers: { ...auth(rs1), 'content-type': 'text/csv' } });
      expect(raw.statusCode).toBe(413);
      expect(raw.json().error.code).toBe('FILE_TOO_LARGE');
      const form = await small.inject({ method: 'POST', url: '/v1/imports', ...withAuth(multipart([{ name: 'big.csv', data: Buffer.alloc(LIMIT * 3, 0x41) }]), rs1) });
      expect(form.statusCode).toBe(413);
      expect(form.json().error.code).toBe('FILE_TOO_LARGE');
      expect(await batches()).toBe(before);
    });

    it('413 over a real socket while a chunked upload is still being sent (no Content-Length)', async () => {
      let sent = 0;
      let stop = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          // Up to 50× the limit; the server must answer long before this is all sent.
          if (stop || sent > LIMIT * 50) return controller.close();
          sent += 1024;
          controller.enqueue(new Uint8Array(1024).fill(0x41));
          await new Promise((r) => setTimeout(r, 2));
        },
      });
      const res = await fetch(`${smallUrl}/v1/imports`, { method: 'POST', body, duplex: 'half', headers: { ...auth(rs1), 'content-type': 'text/csv' } } as RequestInit);
      stop = true;
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');
      expect(sent).toBeLessThan(LIMIT * 50);
    });

    it('413 at once from the declared Content-Length, before reading the body', async () => {
      const res = await small.inject({ method: 'POST', url: '/v1/imports', payload: Buffer.alloc(LIMIT * 100, 0x41), headers: { ...auth(rs1), 'content-type': 'text/csv' } });
      expect(res.statusCode).toBe(413);
      expect(res.headers.connection).toBe('close');
    });
  });

  it('request logs carry neither the token nor personal data', async () => {
    const lines: string[] = [];
    const { makeLogger } = await import('../../src/log.js');
    const { Writable } = await import('node:stream');
    const log = makeLogger('info', new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
    const logged = await buildServer({ ctx: { ...ctx, log }, queue: { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' }, version: 'test' });
    const res = await logged.inject({ url: '/v1/template.xlsx', headers: auth(rs1) });
    expect(res.statusCode).toBe(200);
    await logged.inject({ url: '/v1/imports/x', headers: { authorization: 'Bearer secret-looking-token' } });
    await logged.close();
    const text = lines.join('');
    expect(text).toContain('request completed');
    expect(text).not.toContain(rs1.slice(8));
    expect(text).not.toContain('secret-looking-token');
  });

  it('stops gracefully: refuses new uploads, lets the running import finish', async () => {
    const other = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    const form = new FormData();
    form.append('file', new Blob([csvText([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0010' }])]), 'last.csv');
    const res = await fetch(`${other.url}/v1/imports`, { method: 'POST', headers: auth(rs1), body: form });
    const { id } = (await res.json()) as { id: string };
    expect(await other.stop()).toBe('graceful');
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
    // Whichever queue took it (this server's or the suite's), it ran to the end.
    expect((await settle(id)).status).toBe('finished');
  });
});

function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
