import type { FastifyRequest } from 'fastify';
import type { Lang } from '../domain/lang.js';

/**
 * The language of a request's messages: `?lang=ja|en`, else the first of ja/en in
 * Accept-Language, else `fallback` (the configured default). Reads the raw query, so it also
 * works for a request whose query failed validation.
 */
export function requestLang(request: FastifyRequest, fallback: Lang): Lang {
  const query = request.query as Record<string, unknown> | undefined;
  const given = query?.lang;
  if (given === 'ja' || given === 'en') return given;
  const accept = String(request.headers['accept-language'] ?? '').toLowerCase();
  const first = accept.split(',').map((part) => part.trim().slice(0, 2)).find((tag) => tag === 'ja' || tag === 'en');
  return first === 'ja' || first === 'en' ? first : fallback;
}
