import type { FastifyError, FastifyRequest } from 'fastify';
import type { Localized } from '../domain/paramText.js';
import { PackregError } from '../domain/PackregError.js';
import { HttpError } from './HttpError.js';
import { limitMb } from './limitMb.js';
import { UPLOAD_FORM_LIMITS } from './uploadFormLimits.js';

/**
 * busboy's errors carry no code, only these texts (@fastify/busboy 3: lib/types/multipart.js,
 * deps/dicer/lib/Dicer.js). Matching text is the only way to tell a malformed body from a bug;
 * a text not listed here stays a 500 and shows up in the log with its stack.
 */
const BUSBOY_NO_BOUNDARY = 'Multipart: Boundary not found';
const BUSBOY_UNEXPECTED_END = /^Unexpected end of multipart data$|terminated early due to unexpected end of multipart data$/;

/** Errors of a request stream that ended before its body did (the client hung up). */
const CUT_SHORT = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** A client error and the status to answer it with. */
export interface ClientError {
  readonly status: number;
  readonly error: HttpError | PackregError;
}

/**
 * The client's mistake behind an error raised by fastify, @fastify/multipart, busboy or the
 * request stream, as a catalog error with the limit it hit; null when the error is not the
 * client's (then it is a 500, logged with its stack). SPEC §7: client errors are 4xx with a code.
 */
export function clientErrorOf(error: Error, request: FastifyRequest, maxFileBytes: number): ClientError | null {
  const known = knownClientError(error, request, maxFileBytes);
  if (known) return { status: known instanceof HttpError ? known.statusCode : 413, error: known };
  // fastify's own 4xx (validation, media type, …) keep their status, with fastify's short text.
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, error: new HttpError('BAD_REQUEST', { detail: requestProblem(error) }) };
  return null;
}

/**
 * What fastify found wrong, in both languages (issue 17: English validation text in a Japanese
 * message): a schema violation names the parameter; anything else keeps fastify's short text
 * in English and says in Japanese that the request is malformed.
 */
function requestProblem(error: Error): Localized {
  const validation = (error as FastifyError).validation;
  if (validation && validation.length > 0) {
    const first = validation[0]!;
    const name = (first.params as { missingProperty?: string })?.missingProperty
      ?? first.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const part = (error as FastifyError).validationContext ?? 'request';
    const where = name ? `${part} ${name}` : part;
    return first.keyword === 'required'
      ? { ja: `${where} がありません`, en: `${where} is required` }
      : { ja: `${where} の値が正しくありません`, en: `${where} ${first.message ?? 'is not valid'}` };
  }
  return { ja: 'リクエストの形式が正しくありません', en: error.message };
}

function knownClientError(error: Error, request: FastifyRequest, maxFileBytes: number): HttpError | PackregError | null {
  const code = (error as FastifyError).code;
  switch (code) {
    // @fastify/multipart answers its limits with 413, which would read as "file too large".
    case 'FST_FILES_LIMIT':
      return new HttpError('TOO_MANY_FILES');
    case 'FST_FIELDS_LIMIT':
      return new HttpError('TOO_MANY_FIELDS', { limit: UPLOAD_FORM_LIMITS.fields });
    case 'FST_PARTS_LIMIT':
      return new HttpError('TOO_MANY_PARTS', { limit: UPLOAD_FORM_LIMITS.parts });
    case 'FST_REQ_FILE_TOO_LARGE':
      return new PackregError('FILE_TOO_LARGE', { limitMb: limitMb(maxFileBytes) });
    // A parsed (JSON) body over fastify's bodyLimit: not an upload, so not the upload limit.
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError('REQUEST_TOO_LARGE', { limitKb: Math.round(request.routeOptions.bodyLimit / 1024) });
    default:
      break;
  }
  // Only while the request really was cut short: a database connection reset is ECONNRESET too.
  const cutShort = !request.raw.complete && (request.raw.destroyed || request.raw.readableAborted);
  if (code === 'FST_MP_PREMATURE_CLOSE' || (cutShort && code !== undefined && CUT_SHORT.has(code))) return new HttpError('UPLOAD_INCOMPLETE');
  if (error.message === BUSBOY_NO_BOUNDARY) return new HttpError('MULTIPART_INVALID', { reason: 'no-boundary' });
  if (BUSBOY_UNEXPECTED_END.test(error.message)) {
    return cutShort ? new HttpError('UPLOAD_INCOMPLETE') : new HttpError('MULTIPART_INVALID', { reason: 'unexpected-end' });
  }
  return null;
}
