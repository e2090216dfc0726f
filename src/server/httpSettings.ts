import { z } from 'zod';

/**
 * Environment settings of `packreg serve` (docs/http.md). Parsed by `config.ts` together with
 * every other setting; kept here so the server's knobs sit beside it. The upload size limit is
 * the ingest's own `PACKREG_MAX_FILE_MB` (one limit, whichever way a file arrives).
 */
export const HTTP_ENV = {
  /** Address to listen on; loopback by default (a reverse proxy in front terminates TLS). */
  PACKREG_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port (`--port` overrides it; 0 picks a free one). */
  PACKREG_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Uploaded imports one `packreg serve` process runs at once (PostgreSQL; PGlite runs one). */
  PACKREG_HTTP_CONCURRENCY: z.coerce.number().int().positive().default(1),
  /** On SIGTERM, how long the running import may finish before it is released. */
  PACKREG_SERVE_SHUTDOWN_SECONDS: z.coerce.number().int().nonnegative().default(120),
};

/** The resolved server settings (`config.http`). */
export interface HttpSettings {
  readonly host: string;
  readonly port: number;
  readonly importConcurrency: number;
  readonly shutdownMs: number;
}

type HttpEnv = z.infer<z.ZodObject<typeof HTTP_ENV>>;

/** Turn the parsed environment into `HttpSettings`. */
export function httpSettings(e: HttpEnv): HttpSettings {
  return {
    host: e.PACKREG_HOST,
    port: e.PACKREG_PORT,
    importConcurrency: e.PACKREG_HTTP_CONCURRENCY,
    shutdownMs: e.PACKREG_SERVE_SHUTDOWN_SECONDS * 1000,
  };
}
