import { errorBody } from './routeSchemas.js';

/** Schemas of `DELETE /v1/imports/:id` and `POST /v1/imports/:id/commit` (issue 20 items 4 and 6). */
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Import id.' } } } as const;
const lang = { type: 'string', enum: ['ja', 'en'], description: 'Language of messages (default: Accept-Language, then ja).' } as const;
const bearer = [{ bearerAuth: [] }];
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorBody]));

const cancelBody = {
  type: 'object',
  required: ['id', 'status'],
  properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['cancelled', 'cancelling'] } },
} as const;

export const cancelImportSchema = {
  summary: 'Cancel an import',
  description: 'A queued import is cancelled at once (200, status cancelled). A running one is asked to stop (202, status cancelling): '
    + 'it stops at its next commit-group boundary; applications already committed stay, and its report shows the rows not committed '
    + 'as held with IMPORT_CANCELLED. A finished or failed import is 409 IMPORT_NOT_CANCELLABLE; cancelling a cancelled import again is 200.',
  tags: ['imports'],
  security: bearer,
  params: idParams,
  querystring: { type: 'object', properties: { lang } },
  response: { 200: cancelBody, 202: cancelBody, ...errors(401, 404, 409, 429) },
} as const;

export const commitPlanSchema = {
  summary: 'Commit exactly what a dry run previewed',
  description: 'The id is a finished dry run\'s. Queues an import of the same uploaded file with the same options (202 { id, planId }; poll GET /v1/imports/{id}). '
    + 'That import commits nothing and fails with PLAN_CHANGED (error.changes lists the rows: row, before, after) when any row\'s outcome differs from the preview. '
    + 'A plan is committed once: again is 409 PLAN_USED.',
  tags: ['imports'],
  security: bearer,
  params: idParams,
  querystring: { type: 'object', properties: { lang } },
  response: {
    202: { type: 'object', required: ['id', 'planId'], properties: { id: { type: 'string', format: 'uuid' }, planId: { type: 'string', format: 'uuid' } } },
    ...errors(401, 404, 409, 429, 503),
  },
} as const;
