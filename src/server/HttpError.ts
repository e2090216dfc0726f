import type { Lang } from '../domain/lang.js';
import { printableParams } from '../domain/paramText.js';

type Params = Readonly<Record<string, unknown>>;

/**
 * Errors only the HTTP interface has (authentication, routing, request shape, an import not
 * finished yet), with their status and messages in both languages. Everything about files,
 * imports and the database stays in the PackregError catalog (src/domain/fileErrors.ts).
 */
export const HTTP_ERRORS = {
  UNAUTHORIZED: {
    status: 401,
    ja: () => 'API トークンがない、または無効です。販売店用のトークンを「Authorization: Bearer …」で送ってください。',
    en: () => 'The API token is missing or not valid. Send your reseller token as "Authorization: Bearer …".',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    ja: () => 'そのようなページや API はありません。',
    en: () => 'There is no such page or API route.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    ja: (p: Params) => `このアドレスでは ${String(p.method)} は使えません(使えるメソッド: ${String(p.allow)})。`,
    en: (p: Params) => `${String(p.method)} is not allowed here (allowed: ${String(p.allow)}).`,
  },
  BAD_REQUEST: {
    status: 400,
    ja: (p: Params) => `リクエストが正しくありません${p.detail ? `(${String(p.detail)})` : ''}。`,
    en: (p: Params) => `The request is not valid${p.detail ? ` (${String(p.detail)})` : ''}.`,
  },
  NO_FILE: {
    status: 400,
    ja: () => 'ファイルがありません。フォーム項目「file」でファイルを 1 つ送ってください。',
    en: () => 'No file was sent. Send one file in the form field "file" (or as the request body).',
  },
  TOO_MANY_FILES: {
    status: 400,
    ja: () => '一度に送れるファイルは 1 つだけです。',
    en: () => 'Send one file per request.',
  },
  TOO_MANY_FIELDS: {
    status: 400,
    ja: (p: Params) => `フォーム項目が多すぎます(最大 ${String(p.limit)} 個)。ファイルはフォーム項目「file」で送り、オプションはクエリーパラメーターで指定してください。`,
    en: (p: Params) => `The form has too many fields (at most ${String(p.limit)}). Send the file in the form field "file" and options as query parameters.`,
  },
  TOO_MANY_PARTS: {
    status: 400,
    ja: (p: Params) => `フォームのパートが多すぎます(最大 ${String(p.limit)} 個)。ファイルはフォーム項目「file」で 1 つだけ送ってください。`,
    en: (p: Params) => `The form has too many parts (at most ${String(p.limit)}). Send one file in the form field "file".`,
  },
  MULTIPART_INVALID: {
    status: 400,
    ja: (p: Params) => `multipart/form-data の本文を読み取れません(${p.reason === 'no-boundary'
      ? 'Content-Type に boundary がありません'
      : '終わりの区切りの前に本文が終わっているか、本文の区切りが Content-Type の boundary と一致しません'})。`,
    en: (p: Params) => `The multipart/form-data body cannot be read (${p.reason === 'no-boundary'
      ? 'the Content-Type has no boundary'
      : 'the body ends before its closing boundary, or its boundary is not the one in the Content-Type'}).`,
  },
  UPLOAD_INCOMPLETE: {
    status: 400,
    ja: () => '送信が途中で終わりました(接続が切れたか、本文が Content-Length より短い)。もう一度送ってください。',
    en: () => 'The request ended before all of its body arrived (the connection closed, or the body is shorter than its Content-Length). Send it again.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    ja: (p: Params) => `リクエストの本文が大きすぎます(上限 ${String(p.limitKb)} KB)。`,
    en: (p: Params) => `The request body is too large (limit ${String(p.limitKb)} KB).`,
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    ja: () => 'リクエストのヘッダーが大きすぎます。',
    en: () => 'The request headers are too large.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    ja: () => 'リクエストの受信が時間内に終わりませんでした。もう一度送ってください。',
    en: () => 'The request did not arrive in time. Send it again.',
  },
  RATE_LIMITED: {
    status: 429,
    ja: (p: Params) => p.limit === 'uploads'
      ? `このトークンでのアップロードが多すぎます(1 分あたり最大 ${String(p.max)} 件)。${String(p.retryAfter)} 秒後に再度送ってください。`
      : `認証の失敗が多すぎます。${String(p.retryAfter)} 秒後に再度試してください。`,
    en: (p: Params) => p.limit === 'uploads'
      ? `Too many uploads with this token (at most ${String(p.max)} a minute). Try again in ${String(p.retryAfter)} seconds.`
      : `Too many failed authentication attempts. Try again in ${String(p.retryAfter)} seconds.`,
  },
  NOT_READY: {
    status: 409,
    ja: (p: Params) => `取込はまだ終わっていません(状態: ${String(p.status)})。終わってから取得してください。`,
    en: (p: Params) => `The import has not finished yet (status: ${String(p.status)}). Try again when it has.`,
  },
  NOT_IMPLEMENTED: {
    status: 501,
    ja: (p: Params) => `${String(p.what)} はまだ使えません。`,
    en: (p: Params) => `${String(p.what)} is not available yet.`,
  },
  SHUTTING_DOWN: {
    status: 503,
    ja: () => 'サーバーを停止中です。しばらくしてから再度送ってください。',
    en: () => 'The server is shutting down. Try again in a moment.',
  },
} satisfies Record<string, { status: number; ja: (p: Params) => string; en: (p: Params) => string }>;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** An HTTP-level error: thrown by a route, rendered by the error handler in the request's language. */
export class HttpError extends Error {
  readonly statusCode: number;

  constructor(readonly code: HttpErrorCode, readonly params: Params = {}) {
    super(HTTP_ERRORS[code].en(printableParams(params, 'en')));
    this.name = 'HttpError';
    this.statusCode = HTTP_ERRORS[code].status;
  }

  messageIn(lang: Lang): string {
    return HTTP_ERRORS[this.code][lang](printableParams(this.params, lang));
  }
}
