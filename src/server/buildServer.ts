import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { applicationRoutes } from './applicationRoutes.js';
import { authenticate } from './authenticate.js';
import { HttpError } from './HttpError.js';
import { importControlRoutes } from './importControlRoutes.js';
import { importRoutes } from './importRoutes.js';
import { listRoutes } from './listRoutes.js';
import type { ImportQueue } from './makeImportQueue.js';
import { makeAllowedMethods } from './makeAllowedMethods.js';
import { makeClientErrorHandler } from './makeClientErrorHandler.js';
import { makeErrorHandler } from './makeErrorHandler.js';
import { makeRateLimits } from './makeRateLimits.js';
import { registerOpenApi } from './registerOpenApi.js';
import { mappingRoutes } from './mappingRoutes.js';
import { reportRoutes } from './reportRoutes.js';
import { healthSchema } from './routeSchemas.js';
import { UPLOAD_PAGE_CSP, UPLOAD_PAGE_HTML } from './uploadPage.js';
import { webhookRoutes } from './webhookRoutes.js';

export interface ServerDeps {
  readonly ctx: Context;
  readonly queue: ImportQueue;
  /** packreg's version, shown in the OpenAPI document. */
  readonly version: string;
  /** True once shutdown began (uploads are refused with 503). */
  readonly stopping?: () => boolean;
}

/**
 * The HTTP server of `packreg serve` (SPEC §7), built but not listening (tests use `inject` on
 * it, `startServer` listens). Composition only: the routes live in their own modules; every
 * /v1 route is behind the bearer-token hook (failures rate-limited per address and token, uploads
 * per token: `makeRateLimits`); errors of every kind leave through one handler.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { ctx } = deps;
  const stopping = deps.stopping ?? (() => false);
  const app = Fastify({
    // pino's Logger is fastify's logger; the cast only widens it to fastify's declared type.
    loggerInstance: ctx.log as FastifyBaseLogger,
    // A client's X-Request-Id is not trusted into our logs. fastify's own ids count from 1 in every
    // process; a random UUID tells apart the requests of several servers in one log store. It is
    // `reqId` on every line logged through request.log and `x-request-id` on the response.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // No route reads a parsed body bigger than this; uploads are streamed by receiveUpload.
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // Behind a reverse proxy, only the listed proxies' X-Forwarded-For names the client address
    // (the failed-authentication limit counts per address); a client's own header is ignored.
    trustProxy: ctx.config.http.trustProxy === false ? false : [...ctx.config.http.trustProxy],
    // Parser-level errors (a body cut short, malformed headers) answered like every other error.
    clientErrorHandler: makeClientErrorHandler(ctx),
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const allowedMethods = makeAllowedMethods(app);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
  });
  app.setErrorHandler(makeErrorHandler(ctx));
  app.setNotFoundHandler(async (request) => {
    const allow = allowedMethods(request.url);
    if (allow.length > 0) throw new HttpError('METHOD_NOT_ALLOWED', { method: request.method, allow: allow.join(', ') });
    throw new HttpError('ROUTE_NOT_FOUND');
  });
  app.decorateRequest('reseller', '');
  app.decorateRequest('tokenId', '');
  const limits = await makeRateLimits(app, ctx.config.http.rateLimits);
  // Before any route: the document is made from the routes registered after it.
  await registerOpenApi(app, deps.version);

  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', UPLOAD_PAGE_CSP).header('cache-control', 'no-cache').send(UPLOAD_PAGE_HTML));

  app.get('/healthz', { schema: healthSchema }, async () => {
    await ctx.db.knex.raw('select 1');
    return { status: 'ok', engine: ctx.db.engine.name };
  });

  await app.register(async (v1) => {
    v1.addHook('onRequest', authenticate(ctx, limits));
    await v1.register(async (uploads) => importRoutes(uploads, { ctx, queue: deps.queue, limits, stopping }));
    await v1.register(async (control) => importControlRoutes(control, { ctx, queue: deps.queue, stopping }));
    await v1.register(async (downloads) => reportRoutes(downloads, ctx));
    await v1.register(async (apps) => applicationRoutes(apps, ctx));
    await v1.register(async (lists) => listRoutes(lists, ctx));
    await v1.register(async (mapping) => mappingRoutes(mapping, ctx));
    await v1.register(async (hooks) => webhookRoutes(hooks, ctx));
  });
  return app;
}
