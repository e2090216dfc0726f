import type { FastifyInstance } from 'fastify';
import { getApplication } from '../applications/getApplication.js';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { getApplicationSchema } from './routeSchemas.js';

/**
 * `GET /v1/applications/:receiptNo` (SPEC §7): the application, its registrations and status.
 * Another reseller's application is 404 exactly like a missing one (its existence is not told).
 */
export async function applicationRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  app.get('/v1/applications/:receiptNo', { schema: getApplicationSchema }, async (request) => {
    const { receiptNo } = request.params as { receiptNo: string };
    const view = /^R\d{13}$/.test(receiptNo) ? await getApplication(ctx.db.knex, receiptNo, request.reseller) : null;
    if (!view) throw new PackregError('NOT_FOUND', { what: 'application' });
    return view;
  });
}
