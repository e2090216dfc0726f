import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import type { FileErrorCode } from '../domain/fileErrors.js';
import { PackregError } from '../domain/PackregError.js';
import { clientErrorOf } from './clientErrorOf.js';
import { HttpError } from './HttpError.js';
import { requestLang } from './requestLang.js';

/** HTTP status of each PackregError code a route can meet; anything else is a 500. */
const STATUS_OF: Partial<Record<FileErrorCode, number>> = {
  NOT_FOUND: 404,
  USAGE: 400,
  CURSOR_INVALID: 400,
  FILE_TOO_LARGE: 413,
  RESELLER_UNKNOWN: 404,
  DATABASE_LOCKED: 503,
  DATABASE_UNAVAILABLE: 503,
  // A change the application's state does not allow (SPEC §1 step 5: not while under review).
  APPLICATION_UNDER_REVIEW: 409,
  APPLICATION_NOT_UNDER_REVIEW: 409,
  REGISTRATION_RELEASED: 409,
  // Issue 20: the import's or the plan's state does not allow it.
  IMPORT_NOT_CANCELLABLE: 409,
  PLAN_USED: 409,
  PLAN_MISMATCH: 409,
  PLAN_CHANGED: 409,
  // A reseller's settings (issue 20): the request is well formed but its values are refused.
  MAPPING_INVALID: 422,
  MAPPING_TARGET_UNKNOWN: 422,
  MAPPING_ALIAS_BUILT_IN: 422,
  MAPPING_TOO_MANY: 422,
  WEBHOOK_URL_INVALID: 422,
  WEBHOOK_NOT_SET: 404,
};

/** The body of every error response (SPEC §6/§7): a code and a message, never a stack trace. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The server's one error handler. Known errors are rendered from their catalogs in the request's
 * language; errors of fastify, the multipart parser and the request stream that are the client's
 * doing become 4xx codes (`clientErrorOf`: limits hit, malformed or cut-short bodies) and are not
 * logged with a stack — fastify's completion line already says what happened. Anything else is
 * logged with its stack and answered as INTERNAL, because an exception's text may hold SQL,
 * paths or personal data.
 */
export function makeErrorHandler(ctx: Context) {
  return function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
    const lang = requestLang(request, ctx.config.lang);
    const send = (status: number, known: HttpError | PackregError) => {
      // The client may still be sending a body we will not read (a 413 mid-upload, a refused
      // upload): close the connection after the answer instead of draining the rest.
      if (status === 413 || !request.raw.complete) reply.header('connection', 'close');
      if (known.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer realm="packreg"');
      if (known.code === 'METHOD_NOT_ALLOWED') reply.header('allow', String(known.params.allow));
      if (known.code === 'RATE_LIMITED') reply.header('retry-after', String(known.params.retryAfter));
      const body: ErrorBody = { error: { code: known.code, message: known.messageIn(lang) } };
      void reply.status(status).type('application/json; charset=utf-8').send(body);
    };
    if (error instanceof HttpError) return send(error.statusCode, error);
    if (error instanceof PackregError) {
      const status = STATUS_OF[error.code] ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return send(status, error);
    }
    const client = clientErrorOf(error, request, ctx.config.limits.maxFileBytes);
    if (client) {
      request.log.debug({ code: client.error.code, cause: (error as FastifyError).code ?? error.name }, 'client error');
      return send(client.status, client.error);
    }
    request.log.error({ err: error }, 'request failed');
    return send(500, new PackregError('INTERNAL'));
  };
}
