import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import type { FileErrorCode } from '../domain/fileErrors.js';
import { PackregError } from '../domain/PackregError.js';
import { HttpError } from './HttpError.js';
import { requestLang } from './requestLang.js';

/** HTTP status of each PackregError code a route can meet; anything else is a 500. */
const STATUS_OF: Partial<Record<FileErrorCode, number>> = {
  NOT_FOUND: 404,
  USAGE: 400,
  FILE_TOO_LARGE: 413,
  RESELLER_UNKNOWN: 404,
  DATABASE_LOCKED: 503,
  DATABASE_UNAVAILABLE: 503,
  // A change the application's state does not allow (SPEC §1 step 5: not while under review).
  APPLICATION_UNDER_REVIEW: 409,
  APPLICATION_NOT_UNDER_REVIEW: 409,
  REGISTRATION_RELEASED: 409,
};

/** The body of every error response (SPEC §6/§7): a code and a message, never a stack trace. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The server's one error handler. Known errors are rendered from their catalogs in the request's
 * language; fastify's own 4xx errors (validation, media type, multipart limits) keep their status
 * with a short detail; anything else is logged with its stack and answered as INTERNAL, because
 * an exception's text may hold SQL, paths or personal data.
 */
export function makeErrorHandler(ctx: Context) {
  return function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
    const lang = requestLang(request, ctx.config.lang);
    const send = (status: number, code: string, message: string) => {
      // The client may still be sending a body we will not read (a 413 mid-upload): close the
      // connection after the answer instead of draining the rest.
      if (status === 413 || !request.raw.complete) reply.header('connection', 'close');
      void reply.status(status).type('application/json; charset=utf-8').send({ error: { code, message } } satisfies ErrorBody);
    };
    if (error instanceof HttpError) {
      if (error.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer realm="packreg"');
      return send(error.statusCode, error.code, error.messageIn(lang));
    }
    if (error instanceof PackregError) {
      const status = STATUS_OF[error.code] ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return send(status, error.code, error.messageIn(lang));
    }
    const fastifyError = error as FastifyError;
    // @fastify/multipart answers a second file with 413 too; it is a request-shape error here.
    if (fastifyError.code === 'FST_FILES_LIMIT') {
      const many = new HttpError('TOO_MANY_FILES');
      return send(many.statusCode, many.code, many.messageIn(lang));
    }
    if (fastifyError.code === 'FST_REQ_FILE_TOO_LARGE' || fastifyError.statusCode === 413) {
      const tooLarge = new PackregError('FILE_TOO_LARGE', { limitMb: limitMb(ctx.config.limits.maxFileBytes) });
      return send(413, tooLarge.code, tooLarge.messageIn(lang));
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const bad = new HttpError('BAD_REQUEST', { detail: fastifyError.message });
      return send(status, bad.code, bad.messageIn(lang));
    }
    request.log.error({ err: error }, 'request failed');
    const internal = new PackregError('INTERNAL');
    return send(500, internal.code, internal.messageIn(lang));
  };
}

/** The limit in MB as the FILE_TOO_LARGE message shows it (two significant digits). */
export function limitMb(bytes: number): number {
  return Number((bytes / 1024 / 1024).toPrecision(2));
}
