import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import { PackregError } from '../domain/PackregError.js';
import { loadImportRecord, type ImportRecord } from '../report/loadImportRecord.js';
import type { ReportEncoding } from '../report/openCsvReport.js';
import { writeRejectsFile } from '../report/writeRejectsFile.js';
import type { ReportFormat } from '../report/reportFormatOf.js';
import { recordError, writeErrorReport, writeReport } from '../report/writeReport.js';
import { writeTemplate } from '../report/writeTemplate.js';
import { HttpError } from './HttpError.js';
import { isImportId } from './loadImportStatus.js';
import { requestLang } from './requestLang.js';
import { downloadSchema } from './routeSchemas.js';
import { uploadStore } from './uploadStore.js';

const MEDIA: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The CSV's charset says what its bytes are: UTF-8 (with BOM) or CP932, registered as Shift_JIS. */
function mediaOf(format: ReportFormat, encoding: ReportEncoding | undefined): string {
  return format === 'csv' && encoding === 'cp932' ? 'text/csv; charset=shift_jis' : MEDIA[format];
}

interface DownloadQuery {
  lang?: Lang;
  encoding?: ReportEncoding;
}

/**
 * Downloads (SPEC §6/§7): `GET /v1/imports/:id/report.{json,csv,xlsx}`, `/rejects.xlsx` and
 * `GET /v1/template.xlsx`, written by the same report writers as the CLI and streamed straight
 * into the response. Reports are in `?lang=`, else the language the file was uploaded in.
 */
export async function reportRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  const knex = ctx.db.knex;

  /** The finished (or failed) import of the request's reseller, and the reports' language. */
  const recordFor = async (id: string, reseller: string, query: DownloadQuery): Promise<{ record: ImportRecord; lang: Lang }> => {
    if (!isImportId(id)) throw new PackregError('NOT_FOUND', { kind: 'import' });
    const record = await loadImportRecord(knex, id, reseller).catch((error: unknown) => {
      throw error instanceof PackregError && error.code === 'NOT_FOUND' ? new PackregError('NOT_FOUND', { kind: 'import' }) : error;
    });
    if (record.status !== 'finished' && record.status !== 'failed' && record.status !== 'cancelled') throw new HttpError('NOT_READY', { status: record.status });
    return { record, lang: query.lang ?? (await uploadStore.lang(knex, id)) ?? ctx.config.lang };
  };

  for (const format of ['json', 'csv', 'xlsx'] as const) {
    const schema = downloadSchema(`The ${format.toUpperCase()} report of an import`, MEDIA[format].split(';')[0]!, true, 'reports');
    app.get(`/v1/imports/:id/report.${format}`, { schema }, async (request, reply) => {
      const query = request.query as DownloadQuery;
      const { record, lang } = await recordFor((request.params as { id: string }).id, request.reseller, query);
      const options = { lang, ...(query.encoding ? { encoding: query.encoding } : {}) };
      return stream(reply, mediaOf(format, query.encoding), downloadName(record.fileName, `report.${format}`), (out) => writeReport(knex, record, format, options, out));
    });
  }

  app.get('/v1/imports/:id/rejects.xlsx', { schema: downloadSchema('The rejected and held rows, to fix and upload again', MEDIA.xlsx, true, 'reports') }, async (request, reply) => {
    const query = request.query as DownloadQuery;
    const { record, lang } = await recordFor((request.params as { id: string }).id, request.reseller, query);
    const error = record.status === 'failed' ? recordError(record, lang) : null;
    return stream(reply, MEDIA.xlsx, downloadName(record.fileName, 'rejects.xlsx'), (out) =>
      error ? writeErrorReport(error, 'xlsx', { lang }, out) : writeRejectsFile(knex, record, { lang }, out));
  });

  app.get('/v1/template.xlsx', { schema: downloadSchema('The upload template made for you: every column, notes, date cells, drop-downs of your active support IDs, pack and product models and label recipients', MEDIA.xlsx, false, 'reports') }, async (request, reply) => {
    const lang = requestLang(request, ctx.config.lang);
    return stream(reply, MEDIA.xlsx, lang === 'ja' ? '登録依頼テンプレート.xlsx' : 'packreg-template.xlsx', (out) => writeTemplate(knex, { lang, resellerCode: request.reseller }, out));
  });
}

/**
 * Send what `write` produces as an attachment. Headers go out with the first bytes, so an error
 * part-way can only cut the response short (the client sees a truncated download), and is logged.
 */
function stream(reply: FastifyReply, mediaType: string, fileName: string, write: (out: NodeJS.WritableStream) => Promise<unknown>): FastifyReply {
  const out = new PassThrough();
  void reply.header('content-disposition', contentDisposition(fileName)).header('cache-control', 'no-store').type(mediaType).send(out);
  write(out).then(
    () => {
      // exceljs ends the stream itself when its zip is finalised; the text writers leave it open.
      if (!out.writableEnded) out.end();
    },
    (error: unknown) => {
      reply.log.error({ err: error }, 'download failed part-way');
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return reply;
}

/** `<upload name without extension>.<suffix>`, e.g. `4月分.report.xlsx`. */
function downloadName(uploadName: string, suffix: string): string {
  const stem = path.basename(uploadName, path.extname(uploadName)) || 'upload';
  return `${stem}.${suffix}`;
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name (Japanese file names survive every browser). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
