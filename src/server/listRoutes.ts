import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import type { ApplicationStatus } from '../domain/applicationStatus.js';
import { findRegistrations } from '../lists/findRegistrations.js';
import { listApplications } from '../lists/listApplications.js';
import { listImports } from '../lists/listImports.js';
import { searchContracts } from '../lists/searchContracts.js';
import { listApplicationsSchema, listContractsSchema, listImportsSchema, listRegistrationsSchema } from './listRouteSchemas.js';
import { requestLang } from './requestLang.js';

interface Paging {
  limit?: number;
  cursor?: string;
}

/**
 * The reseller's own lists (issue 20, SPEC §7): `GET /v1/contracts?q=`, `GET /v1/applications`,
 * `GET /v1/registrations?serial=` and `GET /v1/imports`, keyset-paginated. The reseller is always
 * the token's (`request.reseller`): there is no parameter that could name another, so others'
 * rows are neither shown nor counted, and never a 403.
 */
export async function listRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  const knex = ctx.db.knex;

  app.get('/v1/contracts', { schema: listContractsSchema }, async (request) => {
    const query = request.query as Paging & { q?: string; status?: 'active' | 'expired' };
    return searchContracts(knex, { resellerCode: request.reseller, ...query });
  });

  app.get('/v1/applications', { schema: listApplicationsSchema }, async (request) => {
    const query = request.query as Paging & { status?: ApplicationStatus; supportId?: string; since?: string; until?: string };
    return listApplications(knex, { resellerCode: request.reseller, ...query });
  });

  app.get('/v1/registrations', { schema: listRegistrationsSchema }, async (request) => {
    const query = request.query as Paging & { serial: string };
    return findRegistrations(knex, { resellerCode: request.reseller, ...query });
  });

  app.get('/v1/imports', { schema: listImportsSchema }, async (request) => {
    const query = request.query as Paging & { status?: string; since?: string };
    return listImports(knex, { resellerCode: request.reseller, ...query, lang: requestLang(request, ctx.config.lang) });
  });
}
