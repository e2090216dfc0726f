import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Context } from '../context.js';
import { HttpError, type HttpErrorCode } from './HttpError.js';

/** Node's parser errors that have their own answer; any other is a malformed request (400). */
const CODE_OF: Readonly<Record<string, HttpErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  // The client shut its side before the body it announced was complete.
  HPE_INVALID_EOF_STATE: 'UPLOAD_INCOMPLETE',
};

/**
 * fastify's `clientErrorHandler`: errors of Node's HTTP parser, before or outside any request
 * (malformed request line or headers, a body cut short by the client, a timeout). fastify's
 * default logs them with their stack and answers in its own shape; here they are one debug line
 * with the parser's code, and the answer is `{ error: { code, message } }` like every other, in
 * the configured language (there is no request to take one from).
 */
export function makeClientErrorHandler(ctx: Context) {
  return function onClientError(error: Error & { code?: string }, socket: Socket): void {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    ctx.log.debug({ code: error.code }, 'client error');
    const known = new HttpError(CODE_OF[error.code ?? ''] ?? 'BAD_REQUEST', { detail: { ja: 'HTTP リクエストの形式が正しくありません', en: 'malformed HTTP request' } });
    // Node ties the response in progress to the socket; once its head went out, no second answer.
    const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !pending?.headersSent) {
      const body = JSON.stringify({ error: { code: known.code, message: known.messageIn(ctx.config.lang) } });
      socket.write(
        `HTTP/1.1 ${known.statusCode} ${STATUS_CODES[known.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
