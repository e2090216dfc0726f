import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { listWebhookDeliveries, MAX_PAGE } from '../outbox/listWebhookDeliveries.js';
import { resellerWebhooks } from '../settings/resellerWebhooks.js';
import { errorBody } from './routeSchemas.js';

const security = [{ bearerAuth: [] }];
const lang = { type: 'string', enum: ['ja', 'en'] } as const;
const webhookView = {
  type: 'object',
  properties: {
    url: { type: 'string', nullable: true, description: 'null when no webhook is set.' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    secretUsable: { type: 'boolean' },
    secret: { type: 'string', nullable: true, description: 'The signing secret, only in the answer that generated it (first PUT, or rotateSecret). It is never shown again.' },
  },
} as const;
const attemptView = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time' }, durationMs: { type: 'integer' }, httpStatus: { type: 'integer', nullable: true },
    error: { type: 'string', nullable: true }, responseExcerpt: { type: 'string', nullable: true, description: 'At most 256 bytes of what your server answered.' },
  },
} as const;
const deliveryView = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, importId: { type: 'string' }, event: { type: 'string', enum: ['import.finished', 'import.failed', 'import.cancelled'] },
    status: { type: 'string', enum: ['pending', 'sent', 'failed', 'cancelled'] }, attempts: { type: 'integer' },
    nextAttemptAt: { type: 'string', nullable: true }, lastError: { type: 'string', nullable: true },
    createdAt: { type: 'string' }, sentAt: { type: 'string', nullable: true }, attemptLog: { type: 'array', items: attemptView },
  },
} as const;
const errors = { 401: errorBody, 404: errorBody, 422: errorBody, 429: errorBody };

/**
 * `GET/PUT/DELETE /v1/webhook` and `GET /v1/webhook/deliveries` (issue 20 item 5): the token's
 * reseller's own webhook and its deliveries, never another's. docs/webhooks.md says how to verify
 * the signature.
 */
export async function webhookRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  const settings = ctx.config.webhooks;
  app.get('/v1/webhook', {
    schema: { summary: 'Your webhook (never its secret); { url: null } when none is set', tags: ['settings'], security, querystring: { type: 'object', properties: { lang } }, response: { 200: webhookView, ...errors } },
  }, async (request) => {
    // None set is an answer, not an error: `{ url: null }` (the page asks on every load).
    return (await resellerWebhooks.get(ctx.db.knex, settings, request.reseller)) ?? { url: null };
  });

  app.put('/v1/webhook', {
    schema: {
      summary: 'Set your webhook URL',
      description: 'A JSON POST is sent to it when an import finishes or fails, signed in X-Packreg-Signature (t=…,v1=HMAC-SHA256 of "t.body"). The first PUT (or rotateSecret: true) answers with the secret, once.',
      tags: ['settings'], security, querystring: { type: 'object', properties: { lang } },
      body: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string', maxLength: 2_000 }, rotateSecret: { type: 'boolean', default: false } } },
      response: { 200: webhookView, 400: errorBody, ...errors },
    },
  }, async (request, reply) => {
    const { url, rotateSecret } = request.body as { url: string; rotateSecret?: boolean };
    void reply.header('cache-control', 'no-store');
    return resellerWebhooks.set(ctx.db.knex, settings, request.reseller, url, rotateSecret ?? false);
  });

  app.delete('/v1/webhook', {
    schema: { summary: 'Remove your webhook (pending deliveries are cancelled)', tags: ['settings'], security, querystring: { type: 'object', properties: { lang } }, response: { 200: { type: 'object', properties: { removed: { type: 'boolean' } } }, ...errors } },
  }, async (request) => {
    if (!(await resellerWebhooks.remove(ctx.db.knex, request.reseller))) throw new PackregError('WEBHOOK_NOT_SET');
    return { removed: true };
  });

  app.get('/v1/webhook/deliveries', {
    schema: {
      summary: 'Your webhook deliveries, newest first, with every attempt', tags: ['settings'], security,
      querystring: { type: 'object', additionalProperties: false, properties: { lang, limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 20 }, before: { type: 'integer', minimum: 1, description: 'The `next` of the previous page.' } } },
      response: { 200: { type: 'object', properties: { deliveries: { type: 'array', items: deliveryView }, next: { type: 'integer', nullable: true } } }, 400: errorBody, ...errors },
    },
  }, async (request) => {
    const { limit, before } = request.query as { limit?: number; before?: number };
    return listWebhookDeliveries(ctx.db.knex, request.reseller, { ...(limit ? { limit } : {}), ...(before ? { before } : {}) });
  });
}
