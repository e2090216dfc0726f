import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { FIELD_KEYS } from '../domain/fields.js';
import { headerMappings, MAX_MAPPINGS } from '../settings/headerMappings.js';
import { errorBody } from './routeSchemas.js';

const mappingList = {
  type: 'array',
  maxItems: MAX_MAPPINGS,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['header', 'key'],
    properties: {
      header: { type: 'string', minLength: 1, maxLength: 200, description: 'The header as your files write it (matched after NFKC, case and white-space folding).' },
      key: { type: 'string', maxLength: 50, description: `The field it stands for: ${FIELD_KEYS.join(', ')}.` },
    },
  },
} as const;

const mappingBody = { type: 'object', required: ['mappings'], properties: { mappings: mappingList } } as const;
const lang = { type: 'object', properties: { lang: { type: 'string', enum: ['ja', 'en'] } } } as const;

/**
 * `GET/PUT /v1/mapping` (issue 20 item 8): the reseller's saved header mapping. PUT replaces it
 * as a whole (an empty list removes it); a key that is no field or a header that is built in is
 * 422 with MAPPING_TARGET_UNKNOWN / MAPPING_ALIAS_BUILT_IN, and nothing is saved.
 */
export async function mappingRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  app.get('/v1/mapping', {
    schema: {
      summary: 'Your saved header mapping', tags: ['settings'], security: [{ bearerAuth: [] }], querystring: lang,
      response: { 200: mappingBody, 401: errorBody, 429: errorBody },
    },
  }, async (request) => ({ mappings: await headerMappings.list(ctx.db.knex, request.reseller) }));

  app.put('/v1/mapping', {
    schema: {
      summary: 'Replace your saved header mapping',
      description: 'Later files whose headers are listed here import without renaming (upload, nightly inbox, CLI).',
      tags: ['settings'], security: [{ bearerAuth: [] }], querystring: lang, body: mappingBody,
      response: { 200: mappingBody, 400: errorBody, 401: errorBody, 422: errorBody, 429: errorBody },
    },
  }, async (request) => {
    const { mappings } = request.body as { mappings: Array<{ header: string; key: string }> };
    return { mappings: await headerMappings.save(ctx.db.knex, request.reseller, mappings, true) };
  });
}
