import type { FastifyRequest } from 'fastify';

/** The token of `Authorization: Bearer <token>`, or null when the header is missing or another shape. */
export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}
