import type { FastifyRequest } from 'fastify';
import { apiTokens } from '../auth/apiTokens.js';
import type { Context } from '../context.js';
import { HttpError } from './HttpError.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The reseller whose bearer token authenticated this request ('' before `authenticate`). */
    reseller: string;
  }
}

/**
 * onRequest hook of every /v1 route: `Authorization: Bearer <token>` must name a live token;
 * otherwise 401, with nothing said about why (missing, malformed, unknown and revoked look alike).
 */
export function authenticate(ctx: Context) {
  return async function checkToken(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const owner = match ? await apiTokens.verify(ctx.db.knex, match[1]!) : null;
    if (!owner) throw new HttpError('UNAUTHORIZED');
    request.reseller = owner.resellerCode;
  };
}
