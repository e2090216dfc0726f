import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/buildServer.js';
import type { ImportQueue } from '../../src/server/makeImportQueue.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

type Operation = { requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown> }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** /docs/openapi.json is generated from the route schemas and is a valid OpenAPI document (issue 18.3). */
describeEachEngine('OpenAPI document', (t) => {
  let app: FastifyInstance;
  let doc: Document;

  beforeAll(async () => {
    const noQueue = { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' } as unknown as ImportQueue;
    app = await buildServer({ ctx: t().context(), queue: noQueue, version: '1.2.3' });
    // A route added by any module after the server is built, with a schema, is in the document
    // with nothing else to do: what other features' routes rely on.
    app.get('/v1/probe/:thing', {
      schema: {
        summary: 'probe', tags: ['probe'], params: { type: 'object', properties: { thing: { type: 'string' } } },
        response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } },
      },
    }, async () => ({ ok: true }));
    await app.ready();
    const res = await app.inject('/docs/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => app?.close());

  it('passes a real OpenAPI validator', async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.0.3');
  });

  it('picks up every route with a schema, and only those', () => {
    expect(doc.paths['/v1/probe/{thing}']?.get?.responses['200']).toBeDefined();
    expect(doc.paths['/']).toBeUndefined();
    expect(doc.paths['/docs/openapi.json']).toBeUndefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/docs'))).toEqual([]);
    for (const [path, operations] of Object.entries(doc.paths)) {
      expect(Object.keys(operations), path).not.toContain('head');
    }
  });

  it('documents the two PATCH operations with their request body and responses', () => {
    for (const what of ['site', 'options']) {
      const op = doc.paths[`/v1/applications/{receiptNo}/registrations/{serial}/${what}`]?.patch;
      expect(op?.requestBody?.content).toHaveProperty(['application/json']);
      expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '400', '401', '404', '409', '422', '429']);
    }
  });

  it('documents uploads as a file or a form, downloads as files and errors as JSON', () => {
    const upload = doc.paths['/v1/imports']!.post!;
    expect(Object.keys(upload.requestBody!.content)).toEqual(expect.arrayContaining(['multipart/form-data', 'text/csv']));
    const csv = doc.paths['/v1/imports/{id}/report.csv']!.get!;
    expect(Object.keys(csv.responses['200']!.content!)).toEqual(['text/csv']);
    expect(Object.keys(csv.responses['404']!.content!)).toEqual(['application/json']);
  });

  it('serves the Swagger UI from its own files, with no outside source allowed', async () => {
    const page = await app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https:|validator\.swagger\.io/);
    const bundle = await app.inject('/docs/static/swagger-ui-bundle.js');
    expect(bundle.statusCode).toBe(200);
    const init = await app.inject('/docs/static/swagger-initializer.js');
    expect(init.body).toContain('validatorUrl: null');
  });
});
