import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import { HttpError } from './HttpError.js';
import type { ImportQueue } from './makeImportQueue.js';
import type { RateLimits } from './makeRateLimits.js';
import { isImportId, loadImportStatus } from './loadImportStatus.js';
import { receiveUpload } from './receiveUpload.js';
import { requestLang } from './requestLang.js';
import { getImportSchema, postImportSchema } from './routeSchemas.js';
import { UPLOAD_FORM_LIMITS } from './uploadFormLimits.js';
import { uploadStore } from './uploadStore.js';
import { PackregError } from '../domain/PackregError.js';
import { insertBatch } from '../staging/sql/insertBatch.js';

interface ImportQuery {
  dryRun?: boolean;
  atomicity?: 'row' | 'application' | 'file';
  sheet?: string;
  lang?: Lang;
}

export interface ImportRouteDeps {
  readonly ctx: Context;
  readonly queue: ImportQueue;
  readonly limits: RateLimits;
  /** True once shutdown began: new uploads are refused (503) while the running import finishes. */
  readonly stopping: () => boolean;
}

/**
 * `POST /v1/imports` and `GET /v1/imports/:id` (SPEC §7). The upload is streamed to a temporary
 * file (size limit enforced while reading), then the batch row, the stored bytes and the queue
 * entry are written in one transaction, and the answer is 202 at once: the import runs in the
 * background (`makeImportQueue`). Only the request's own reseller can ever see the import.
 */
export async function importRoutes(app: FastifyInstance, deps: ImportRouteDeps): Promise<void> {
  const { ctx, queue } = deps;
  const knex = ctx.db.knex;

  // Uploads are read by receiveUpload as streams: no body parsing, whatever the content type
  // (a CSV sent as application/json must not meet the JSON parser). Multipart is the plugin's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  await app.register(import('@fastify/multipart'), {
    limits: { fileSize: ctx.config.limits.maxFileBytes, ...UPLOAD_FORM_LIMITS },
  });

  // Counted per token before a byte of the body is read (this runs after `authenticate`).
  const countUpload = async (request: FastifyRequest) => {
    const refused = await deps.limits.uploadRefused(request);
    if (refused) throw refused;
  };

  app.post('/v1/imports', { schema: postImportSchema, onRequest: countUpload }, async (request, reply) => {
    if (deps.stopping()) throw new HttpError('SHUTTING_DOWN');
    const query = request.query as ImportQuery;
    const lang = requestLang(request, ctx.config.lang);
    const upload = await receiveUpload(request, ctx.config.limits.maxFileBytes);
    try {
      const id = await knex.transaction(async (trx) => {
        const reseller = await trx('resellers').where({ reseller_code: request.reseller }).first('reseller_code');
        if (!reseller) throw new PackregError('RESELLER_UNKNOWN', { reseller: request.reseller });
        const importId = await insertBatch(trx, {
          resellerCode: request.reseller,
          fileName: upload.fileName,
          source: 'http',
          options: { dryRun: query.dryRun ?? false, atomicity: query.atomicity ?? 'application', sheet: query.sheet ?? null, encoding: 'auto' },
        });
        await uploadStore.save(trx, importId, upload.path, lang);
        await queue.enqueue(trx, importId);
        return importId;
      });
      queue.wake();
      request.log.info({ importId: id, reseller: request.reseller, fileName: upload.fileName, bytes: upload.bytes }, 'upload queued');
      return reply.status(202).header('location', `/v1/imports/${id}`).send({ id });
    } finally {
      await fs.promises.rm(upload.dir, { recursive: true, force: true });
    }
  });

  app.get('/v1/imports/:id', { schema: getImportSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const asked = (request.query as ImportQuery).lang;
    // Messages in ?lang=, else in the language the file was uploaded in.
    const lang = asked ?? (isImportId(id) ? await uploadStore.lang(knex, id) : null) ?? requestLang(request, ctx.config.lang);
    const status = await loadImportStatus(knex, id, request.reseller, lang);
    if (!status) throw new PackregError('NOT_FOUND', { kind: 'import' });
    return status;
  });
}
