import type { Lang } from '../domain/lang.js';

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
    super(HTTP_ERRORS[code].en(params));
    this.name = 'HttpError';
    this.statusCode = HTTP_ERRORS[code].status;
  }

  messageIn(lang: Lang): string {
    return HTTP_ERRORS[this.code][lang](this.params);
  }
}
