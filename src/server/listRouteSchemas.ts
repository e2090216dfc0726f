import { LIST_LIMITS } from '../lists/pageCursor.js';
import { errorBody, importStatusBody } from './routeSchemas.js';

/**
 * Schemas of the reseller lists (issue 20 items 1–3): validated by fastify, serialised from, and
 * published in /docs/openapi.json like every other route's (routeSchemas.ts).
 */
const lang = { type: 'string', enum: ['ja', 'en'], description: 'Language of messages (default: Accept-Language, then ja).' } as const;
const bearer = [{ bearerAuth: [] }];
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorBody]));
const tokyoTime = (description: string, nullable = false) => ({ type: 'string', format: 'date-time', nullable, description: `${description} (ISO 8601 in Asia/Tokyo, +09:00)` });
const tokyoDate = (description: string) => ({ type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD, Asia/Tokyo)` });

const paging = {
  limit: { type: 'integer', minimum: 1, maximum: LIST_LIMITS.max, default: LIST_LIMITS.default, description: `Rows per page (at most ${LIST_LIMITS.max}).` },
  cursor: { type: 'string', maxLength: 400, description: 'The nextCursor of the previous page, unchanged (opaque).' },
  lang,
} as const;

/** `{ items, nextCursor }`: one keyset page. */
const page = (item: Record<string, unknown>, what: string) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  description: `One page of ${what}, only the reseller's own.`,
  properties: {
    items: { type: 'array', items: item },
    nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page.' },
  },
});

/** A list route: its summary, its own query parameters (besides paging) and the page it answers. */
const listSchema = (summary: string, description: string | null, query: Record<string, unknown>, required: string[], item: Record<string, unknown>, what: string) => ({
  summary,
  ...(description ? { description } : {}),
  tags: ['lists'],
  security: bearer,
  querystring: { type: 'object', additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties: { ...query, ...paging } },
  response: { 200: page(item, what), ...errors(400, 401, 429) },
});

const contractItem = {
  type: 'object',
  required: ['supportId', 'customerName', 'systemName', 'status', 'labelRecipients'],
  properties: {
    supportId: { type: 'string', description: 'サポートID: 9 digits starting with 3' },
    customerName: { type: 'string' },
    systemName: { type: 'string' },
    status: { type: 'string', enum: ['active', 'expired'] },
    labelRecipients: {
      type: 'array',
      description: 'Service users who may receive the equipment label (admin 利用管理者, deputy 利用管理者代行).',
      items: {
        type: 'object',
        required: ['userId', 'name', 'role'],
        properties: { userId: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', enum: ['admin', 'deputy'] } },
      },
    },
  },
} as const;

export const listContractsSchema = listSchema(
  'Find a support ID (the portal\'s STEP 1)',
  'The reseller\'s contracts whose support ID, customer name or system name contains `q`, after NFKC, case folding, full/half width, katakana = hiragana, ㈱/(株) = 株式会社 and without white space (docs/lists.md). In support-ID order.',
  {
    q: { type: 'string', maxLength: 200, description: 'Text to find; empty lists every contract.' },
    status: { type: 'string', enum: ['active', 'expired'], description: 'Only contracts in this status.' },
  },
  [],
  contractItem,
  'contracts',
);

const applicationItem = {
  type: 'object',
  required: ['receiptNo', 'supportId', 'customerName', 'status', 'counts', 'importId', 'receivedAt', 'reviewedAt'],
  properties: {
    receiptNo: { type: 'string', description: '受付番号' },
    supportId: { type: 'string' },
    customerName: { type: 'string' },
    status: { type: 'string', enum: ['completed', 'under_review', 'rejected'], description: 'completed, under_review, or rejected after review' },
    counts: {
      type: 'object',
      required: ['registrations', 'released'],
      properties: {
        registrations: { type: 'integer', description: 'Registered packs.' },
        released: { type: 'integer', description: 'Packs a rejected review released.' },
      },
    },
    importId: { type: 'string', format: 'uuid' },
    receivedAt: tokyoTime('When the receipt was issued'),
    reviewedAt: tokyoTime('When a review was decided', true),
  },
} as const;

export const listApplicationsSchema = listSchema(
  'The reseller\'s applications (the portal\'s 登録状況確認), newest first',
  null,
  {
    status: { type: 'string', enum: ['completed', 'under_review', 'rejected'], description: 'Only applications in this status.' },
    supportId: { type: 'string', maxLength: 40, description: 'Only this support ID\'s applications.' },
    since: tokyoDate('Received on or after this date'),
    until: tokyoDate('Received on or before this date'),
  },
  [],
  applicationItem,
  'applications',
);

const registrationItem = {
  type: 'object',
  required: ['serial', 'packModel', 'receiptNo', 'supportId', 'status', 'productModel', 'productSerial', 'serviceStart', 'serviceEnd', 'releasedAt', 'registeredAt'],
  properties: {
    serial: { type: 'string', description: '製品シリアルNo.' },
    packModel: { type: 'string' },
    receiptNo: { type: 'string' },
    supportId: { type: 'string' },
    status: { type: 'string', enum: ['completed', 'under_review', 'rejected'], description: 'The application\'s status.' },
    productModel: { type: 'string' },
    productSerial: { type: 'string' },
    serviceStart: { type: 'string', format: 'date' },
    serviceEnd: { type: 'string', format: 'date' },
    releasedAt: tokyoTime('When a rejected review released the serial', true),
    registeredAt: tokyoTime('When it was registered'),
  },
} as const;

export const listRegistrationsSchema = listSchema(
  'What became of a pack serial in the reseller\'s applications',
  'The serial is normalised like an upload\'s (NFKC, dash look-alikes, upper case). Newest first; a serial another reseller registered is not listed.',
  {
    serial: { type: 'string', minLength: 1, maxLength: 200, description: 'Pack serial (製品シリアルNo.).' },
  },
  ['serial'],
  registrationItem,
  'registrations',
);

const { properties: statusProperties } = importStatusBody;
const importItem = {
  type: 'object',
  required: ['id', 'fileName', 'source', 'status', 'dryRun', 'summary', 'error', 'createdAt', 'startedAt', 'finishedAt', 'links'],
  properties: {
    id: statusProperties.id,
    fileName: { type: 'string' },
    source: { type: 'string', enum: ['cli', 'http', 'nightly'], description: 'packreg import, an upload, or the nightly inbox.' },
    status: { type: 'string', description: 'queued, running, finished, failed (or cancelled).' },
    dryRun: { type: 'boolean' },
    summary: statusProperties.summary,
    error: statusProperties.error,
    createdAt: tokyoTime('When the import was created'),
    startedAt: tokyoTime('When it started', true),
    finishedAt: tokyoTime('When it finished or failed', true),
    links: {
      type: 'object',
      description: 'Routes of the import\'s status and reports; the reports are null until it has finished or failed.',
      properties: Object.fromEntries(['status', 'reportJson', 'reportCsv', 'reportXlsx', 'rejects'].map((k) => [k, { type: 'string', nullable: k !== 'status' }])),
    },
  },
} as const;

export const listImportsSchema = listSchema(
  'Every import of the reseller (CLI, uploads, nightly), newest first',
  null,
  {
    status: { type: 'string', enum: ['queued', 'running', 'finished', 'failed', 'cancelled'], description: 'Only imports in this status.' },
    since: tokyoDate('Created on or after this date'),
  },
  [],
  importItem,
  'imports',
);
