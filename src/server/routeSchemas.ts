/**
 * JSON schemas of the HTTP routes. fastify validates requests and serialises responses with
 * them, and `openApiDocument` turns the same objects into /docs/openapi.json — so the document
 * cannot drift from what the server does. Keys fastify does not know (summary, description,
 * tags, security, consumes, produces) follow the OpenAPI/swagger conventions.
 */

export const errorBody = {
  type: 'object',
  description: 'An error; `message` is in the request\'s language (?lang=ja|en, Accept-Language).',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

const summaryBody = {
  type: 'object',
  properties: Object.fromEntries(
    ['rows', 'registered', 'pending_review', 'already_registered', 'rejected', 'held', 'valid', 'applications']
      .map((k) => [k, { type: 'integer' }]),
  ),
} as const;

const outcomeSide = {
  type: 'object',
  nullable: true,
  properties: { status: { type: 'string' }, codes: { type: 'array', items: { type: 'string' } } },
} as const;

/** PLAN_CHANGED's list: each row whose outcome differs from the preview (first 100). */
export const planChanges = {
  type: 'array',
  items: {
    type: 'object',
    properties: { sheet: { type: 'string', nullable: true }, row: { type: 'integer' }, before: outcomeSide, after: outcomeSide },
  },
} as const;

export const importStatusBody = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'running', 'finished', 'failed', 'cancelled'], description: 'cancelled: stopped by DELETE /v1/imports/{id} (its summary says what was committed).' },
    fileName: { type: 'string' },
    dryRun: { type: 'boolean' },
    atomicity: { type: 'string', enum: ['row', 'application', 'file'] },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    progress: {
      type: 'object',
      description: 'Where a running import is: phase reading → checking → committing → done.',
      properties: {
        phase: { type: 'string', enum: ['reading', 'checking', 'committing', 'done'] },
        rowsRead: { type: 'integer' },
        applicationsCommitted: { type: 'integer' },
      },
    },
    summary: { ...summaryBody, nullable: true, description: 'Counts by row status (SPEC §6) once finished or cancelled.' },
    error: {
      type: 'object',
      nullable: true,
      description: 'The file-level error of a failed import; for PLAN_CHANGED, `changes` lists the rows whose outcome changed since the preview.',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, changes: planChanges },
    },
    planId: { type: 'string', format: 'uuid', nullable: true, description: 'A finished dry run\'s plan (commit it with POST /v1/imports/{id}/commit), or the plan this import commits.' },
    cancelRequested: { type: 'boolean', description: 'A cancel was asked for; the import stops at its next commit-group boundary.' },
  },
} as const;

const lang = { type: 'string', enum: ['ja', 'en'], description: 'Language of messages (default: Accept-Language, then ja).' } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Import id (from POST /v1/imports).' } } } as const;
const bearer = [{ bearerAuth: [] }];
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorBody]));

export const postImportSchema = {
  summary: 'Upload a file to import',
  description: 'multipart/form-data with one file in the field `file`, or the file as the raw body (any other content type; name in ?fileName= or X-File-Name). The type is sniffed from the bytes. Returns at once; poll GET /v1/imports/{id}.',
  tags: ['imports'],
  security: bearer,
  consumes: ['multipart/form-data', 'application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      dryRun: { type: 'boolean', default: false, description: 'Validate everything, commit nothing.' },
      atomicity: { type: 'string', enum: ['row', 'application', 'file'], default: 'application', description: 'What a rejected row holds back.' },
      sheet: { type: 'string', maxLength: 200, description: 'Worksheet to read (XLSX).' },
      fileName: { type: 'string', maxLength: 1000, description: 'The file\'s name, for a raw-body upload.' },
      lang,
    },
  },
  response: {
    202: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
    ...errors(400, 401, 413, 429, 503),
  },
} as const;

export const getImportSchema = {
  summary: 'Status, progress and summary of an import',
  tags: ['imports'],
  security: bearer,
  params: idParams,
  querystring: { type: 'object', properties: { lang } },
  response: { 200: importStatusBody, ...errors(401, 404, 429) },
} as const;

/** A download: the body is a file, so only its media type is described. */
export function downloadSchema(summary: string, mediaType: string, withId: boolean, tag: string) {
  return {
    summary,
    tags: [tag],
    security: bearer,
    produces: [mediaType],
    ...(withId ? { params: idParams } : {}),
    querystring: {
      type: 'object',
      properties: {
        lang,
        ...(mediaType === 'text/csv' ? { encoding: { type: 'string', enum: ['utf8', 'cp932'], default: 'utf8', description: 'utf8 (with BOM) or cp932 for older Excel.' } } : {}),
      },
    },
    response: {
      200: { description: summary, type: 'string', format: 'binary' },
      ...errors(401, 404, 429, ...(withId ? [409] : [])),
    },
  };
}

export const getApplicationSchema = {
  summary: 'An application by receipt number, with its registrations and status',
  tags: ['applications'],
  security: bearer,
  params: { type: 'object', required: ['receiptNo'], properties: { receiptNo: { type: 'string', description: 'R + 13 digits' } } },
  querystring: { type: 'object', properties: { lang } },
  response: {
    200: {
      type: 'object',
      additionalProperties: true,
      properties: {
        receiptNo: { type: 'string' },
        supportId: { type: 'string' },
        status: { type: 'string', enum: ['completed', 'under_review', 'rejected'] },
        importId: { type: 'string' },
        registrations: { type: 'array', items: { type: 'object', additionalProperties: true } },
      },
    },
    ...errors(401, 404, 429),
  },
} as const;

export const healthSchema = {
  summary: 'Liveness and database reachability (no token needed)',
  tags: ['operations'],
  response: {
    200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, engine: { type: 'string' } } },
    503: errorBody,
  },
} as const;
