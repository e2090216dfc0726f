import { intField, optionalTextField, textField, type EnvValues } from '../envFields.js';

/**
 * Environment settings of `packreg serve` (docs/http.md). Parsed by `config.ts` together with
 * every other setting; kept here so the server's knobs sit beside it. The upload size limit is
 * the ingest's own `PACKREG_MAX_FILE_MB` (one limit, whichever way a file arrives).
 */
export const HTTP_ENV = {
  /** Address to listen on; loopback by default (a reverse proxy in front terminates TLS). */
  PACKREG_HOST: textField('127.0.0.1'),
  /** Port (`--port` overrides it; 0 picks a free one). */
  PACKREG_PORT: intField(8080, { min: 0, max: 65_535 }),
  /** Uploaded imports one `packreg serve` process runs at once (PostgreSQL; PGlite runs one). */
  PACKREG_HTTP_CONCURRENCY: intField(1),
  /** On SIGTERM, how long the running import may finish before it is released. */
  PACKREG_SERVE_SHUTDOWN_SECONDS: intField(120, { min: 0 }),
  /**
   * Failed authentications a minute answered 401 from one client address, and separately with
   * one presented token value; past it 429 (SPEC §7). 0: no limit.
   */
  PACKREG_HTTP_AUTH_FAILURES_PER_MINUTE: intField(60, { min: 0 }),
  /** Uploads (`POST /v1/imports`) a minute per token; past it 429. 0: no limit. */
  PACKREG_HTTP_UPLOADS_PER_MINUTE: intField(30, { min: 0 }),
  /**
   * Reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client;
   * unset: the connection's address is the client's, and X-Forwarded-For is ignored.
   */
  PACKREG_HTTP_TRUST_PROXY: optionalTextField(),
};

/** Request limits of the server; counted per process (several `serve` processes count apart). */
export interface RateLimitSettings {
  /** Failed authentications per window per client address and per token value (0: off). */
  readonly authFailuresPerMinute: number;
  /** Uploads per window per token (0: off). */
  readonly uploadsPerMinute: number;
  /** The window: a minute (tests shorten it). */
  readonly windowMs: number;
}

/** The resolved server settings (`config.http`). */
export interface HttpSettings {
  readonly host: string;
  readonly port: number;
  readonly importConcurrency: number;
  readonly shutdownMs: number;
  readonly rateLimits: RateLimitSettings;
  /** Proxies trusted for X-Forwarded-For (fastify's `trustProxy`), or false. */
  readonly trustProxy: false | readonly string[];
}

type HttpEnv = EnvValues<typeof HTTP_ENV>;

/** Turn the parsed environment into `HttpSettings`. */
export function httpSettings(e: HttpEnv): HttpSettings {
  const proxies = (e.PACKREG_HTTP_TRUST_PROXY ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return {
    host: e.PACKREG_HOST,
    port: e.PACKREG_PORT,
    importConcurrency: e.PACKREG_HTTP_CONCURRENCY,
    shutdownMs: e.PACKREG_SERVE_SHUTDOWN_SECONDS * 1000,
    rateLimits: {
      authFailuresPerMinute: e.PACKREG_HTTP_AUTH_FAILURES_PER_MINUTE,
      uploadsPerMinute: e.PACKREG_HTTP_UPLOADS_PER_MINUTE,
      windowMs: 60_000,
    },
    trustProxy: proxies.length > 0 ? proxies : false,
  };
}
