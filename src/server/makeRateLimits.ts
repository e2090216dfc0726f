import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from './bearerToken.js';
import { HttpError } from './HttpError.js';
import type { RateLimitSettings } from './httpSettings.js';

/** The server's request limits (SPEC §7: failed authentication is rate-limited). */
export interface RateLimits {
  /**
   * Before a presented token is looked up: true when this very token value has already failed as
   * often as the limit allows, so it is refused without a database query.
   */
  tokenExhausted(request: FastifyRequest): Promise<boolean>;
  /**
   * Authentication failed: count it against the client address and the presented token value.
   * RATE_LIMITED once either is past the limit, else null (answer 401).
   */
  authenticationFailed(request: FastifyRequest): Promise<HttpError | null>;
  /** An upload starts: count it against the request's token; RATE_LIMITED once past the limit. */
  uploadRefused(request: FastifyRequest): Promise<HttpError | null>;
}

/**
 * Counters kept by each limiter: an LRU of this many keys (addresses, token hashes or token ids),
 * so memory stays bounded however many addresses an attacker uses; past it the least recently
 * seen key is forgotten (its count starts again).
 */
const KEYS_PER_LIMITER = 10_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type Verdict = Awaited<ReturnType<Limiter>>;

/**
 * Registers @fastify/rate-limit on `app` (no route is limited by itself) and builds the three
 * counters from it, in its in-memory store. Only failures count against an address: a valid
 * token is served whatever others behind the same address (one office, one NAT) got wrong —
 * tokens carry 256 random bits, so the limit is against noise and load, not against guessing.
 * Counts live in this process: several `serve` processes each keep their own.
 */
export async function makeRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<RateLimits> {
  await app.register(rateLimit, { global: false });
  const limiter = (max: number, keyGenerator?: (request: FastifyRequest) => string): Limiter | null => {
    if (max === 0) return null;
    // `cache` (the LRU size) is read by the in-memory store but missing from the option's type.
    const options = { max, timeWindow: settings.windowMs, cache: KEYS_PER_LIMITER, ...(keyGenerator ? { keyGenerator } : {}) };
    return app.createRateLimit(options);
  };
  // Keyed on the normalised client address (IPv6 by /64), as the plugin does by default.
  const byAddress = limiter(settings.authFailuresPerMinute);
  // Keyed on a hash of the presented value: the counters never hold a usable token.
  const byToken = limiter(settings.authFailuresPerMinute, (request) => createHash('sha256').update(bearerToken(request) ?? '').digest('base64url'));
  const byUpload = limiter(settings.uploadsPerMinute, (request) => request.tokenId);

  /** Count one more; the verdict, and whether this count is the first one past the limit. */
  const count = async (limit: Limiter, request: FastifyRequest): Promise<{ verdict: Verdict; first: boolean }> => {
    const before = await limit(request, { increment: false });
    const verdict = await limit(request);
    const atLimit = !before.isAllowed && before.remaining === 0 && !before.isExceeded;
    return { verdict, first: atLimit };
  };
  const exceeded = (verdict: Verdict) => !verdict.isAllowed && verdict.isExceeded;
  const retryAfter = (verdicts: Verdict[]) => Math.max(1, ...verdicts.map((v) => (v.isAllowed ? 0 : v.ttlInSeconds)));

  return {
    async tokenExhausted(request) {
      if (!byToken || bearerToken(request) === null) return false;
      const verdict = await byToken(request, { increment: false });
      return !verdict.isAllowed && verdict.remaining === 0;
    },

    async authenticationFailed(request) {
      const counted = [
        ...(byAddress ? [{ key: 'address', ...(await count(byAddress, request)) }] : []),
        ...(byToken && bearerToken(request) !== null ? [{ key: 'token', ...(await count(byToken, request)) }] : []),
      ];
      const over = counted.filter((c) => exceeded(c.verdict));
      // Once per key and window, not once per refused request: an attack must not flood the log.
      for (const c of over.filter((o) => o.first)) request.log.warn({ ip: request.ip, per: c.key }, 'authentication rate limit reached');
      if (over.length === 0) return null;
      return new HttpError('RATE_LIMITED', { limit: 'authentication', retryAfter: retryAfter(over.map((o) => o.verdict)) });
    },

    async uploadRefused(request) {
      if (!byUpload) return null;
      const { verdict, first } = await count(byUpload, request);
      if (!exceeded(verdict)) return null;
      if (first) request.log.warn({ reseller: request.reseller, tokenId: request.tokenId }, 'upload rate limit reached');
      return new HttpError('RATE_LIMITED', { limit: 'uploads', max: settings.uploadsPerMinute, retryAfter: retryAfter([verdict]) });
    },
  };
}
