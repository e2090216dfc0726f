/**
 * JSON schemas of the HTTP routes. fastify validates requests and serialises responses with
 * them, and @fastify/swagger turns the same objects into /docs/openapi.json (registerOpenApi) —
 * so the document cannot drift from what the server does. Keys fastify does not know (summary,
 * description, tags, security, consumes) follow the OpenAPI conventions. Every operation lists
 * its responses, error statuses included: a route without them fails the OpenAPI validation test.
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

/**
 * A download: the body is a file, so only its media type is described (the `content` form, so
 * that the error responses stay application/json). Streams are never serialised by fastify.
 */
export function downloadSchema(summary: string, mediaType: string, withId: boolean, tag: string) {
  return {
    summary,
    tags: [tag],
    security: bearer,
    ...(withId ? { params: idParams } : {}),
    querystring: {
      type: 'object',
      properties: {
        lang,
        ...(mediaType === 'text/csv' ? { encoding: { type: 'string', enum: ['utf8', 'cp932'], default: 'utf8', description: 'utf8 (with BOM; charset=utf-8) or cp932 for older Excel (charset=shift_jis).' } } : {}),
      },
    },
    response: {
      200: { description: summary, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } },
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

const findingBody = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, field: { type: 'string', nullable: true }, message: { type: 'string' } },
} as const;

const changeParams = {
  type: 'object',
  required: ['receiptNo', 'serial'],
  properties: {
    receiptNo: { type: 'string', description: 'R + 13 digits' },
    serial: { type: 'string', maxLength: 200, description: 'The pack serial of the registration.' },
  },
} as const;

/** 200 of a change: what changed (only the fields that differ; both empty when unchanged). */
const changedBody = {
  type: 'object',
  required: ['status', 'receiptNo', 'serial', 'before', 'after', 'warnings'],
  properties: {
    status: { type: 'string', enum: ['changed', 'unchanged'] },
    receiptNo: { type: 'string' },
    serial: { type: 'string' },
    before: { type: 'object', additionalProperties: true, description: 'The changed values before the change.' },
    after: { type: 'object', additionalProperties: true, description: 'The same values after it, normalised like an upload.' },
    warnings: { type: 'array', items: findingBody },
  },
} as const;

/** 422 of a change: values that break the import's rules, every finding with its code. */
const rejectedChangeBody = {
  type: 'object',
  description: 'The values break the import rules: `error` names the first finding, `errors` lists them all.',
  required: ['error', 'errors', 'warnings'],
  properties: {
    error: errorBody.properties.error,
    errors: { type: 'array', items: findingBody },
    warnings: { type: 'array', items: findingBody },
  },
} as const;

const changeResponses = {
  200: { ...changedBody, description: 'Changed (or already so).' },
  ...errors(400, 401, 404),
  409: { ...errorBody, description: 'Not while the application is under review (APPLICATION_UNDER_REVIEW), or the registration was released.' },
  422: rejectedChangeBody,
  ...errors(429),
} as const;

/** A PATCH of one registration: what the two change routes share, with their own words and body. */
function changeSchema(summary: string, description: string, body: Record<string, unknown>) {
  return {
    summary, description, tags: ['applications'], security: bearer, params: changeParams,
    querystring: { type: 'object', properties: { lang } }, body, response: changeResponses,
  } as const;
}

export const patchSiteSchema = changeSchema(
  'Change the installation site of a registration',
  'Only the fields sent change; validated and normalised like an upload. Refused while the application is under review.',
  {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: Object.fromEntries(['name', 'postalCode', 'address', 'building', 'phone'].map((k) => [k, { type: 'string', maxLength: 2_000 }])),
  },
);

export const patchOptionsSchema = changeSchema(
  'Change the option devices of a registration',
  'The whole list, written like the upload\'s options cell (`OPT-A*2;OPT-B`); an empty string removes them all.',
  { type: 'object', additionalProperties: false, required: ['options'], properties: { options: { type: 'string', maxLength: 2_000 } } },
);
