import type { FastifyRequest } from 'fastify';
import { apiTokens } from '../auth/apiTokens.js';
import type { Context } from '../context.js';
import { bearerToken } from './bearerToken.js';
import { HttpError } from './HttpError.js';
import type { RateLimits } from './makeRateLimits.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The reseller whose bearer token authenticated this request ('' before `authenticate`). */
    reseller: string;
    /** The id of the token that authenticated this request ('' before `authenticate`). */
    tokenId: string;
  }
}

/**
 * onRequest hook of every /v1 route: `Authorization: Bearer <token>` must name a live token;
 * otherwise 401, with nothing said about why (missing, malformed, unknown and revoked look alike).
 * Failures are counted per client address and per presented token value; past the limit the
 * answer is 429 RATE_LIMITED instead (with Retry-After), again the same for every failure. A token
 * value refused that often is not even looked up.
 */
export function authenticate(ctx: Context, limits: RateLimits) {
  return async function checkToken(request: FastifyRequest): Promise<void> {
    const token = bearerToken(request);
    if (token !== null && !(await limits.tokenExhausted(request))) {
      const owner = await apiTokens.verify(ctx.db.knex, token);
      if (owner) {
        request.reseller = owner.resellerCode;
        request.tokenId = owner.tokenId;
        return;
      }
    }
    throw (await limits.authenticationFailed(request)) ?? new HttpError('UNAUTHORIZED');
  };
}
