import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { FILE_LEVEL_CODES, type FileErrorCode } from '../domain/fileErrors.js';
import { PackregError } from '../domain/PackregError.js';
import type { Lang } from '../domain/lang.js';
import { importFile, type ImportSummary } from '../import.js';
import { fileAway, type Companion } from './fileAway.js';
import { hashRegularFile } from './hashRegularFile.js';
import { holdFileLock } from './holdFileLock.js';
import { importReports } from './importReports.js';
import { nightlyLedger } from './nightlyLedger.js';
import { isPlainFileName } from './sanitiseFileName.js';

/**
 * What became of one inbox file:
 * - `imported`: imported now, filed in done/ with its report;
 * - `already_imported`: these bytes were imported before for this reseller: filed in done/ with
 *   the earlier import's report, nothing imported;
 * - `failed`: a file-level error (SPEC §6): filed in failed/ with `{ error: { code, message } }`;
 * - `busy`: another process holds the file right now; it is left alone;
 * - `gone`: the file vanished (another run filed it first);
 * - `error`: the run could not go on with it (database lost, disk full): left in the inbox and
 *   claimed as `running`, so the next run resumes it.
 */
export type FileOutcomeKind = 'imported' | 'already_imported' | 'failed' | 'busy' | 'gone' | 'error';

export interface FileOutcome {
  readonly reseller: string;
  /** The name as found in the inbox (JSON-escaped wherever it is printed). */
  readonly file: string;
  readonly outcome: FileOutcomeKind;
  readonly sha256: string | null;
  readonly importId: string | null;
  readonly summary: ImportSummary | null;
  readonly filedAs: string | null;
  readonly companions: string[];
  readonly error: { code: string; message: string } | null;
}

export interface InboxFileRequest {
  readonly inbox: string;
  readonly reseller: string;
  readonly name: string;
  readonly lang: Lang;
}

/**
 * Import one inbox file exactly once and file it away (SPEC §7 "Nightly"). The file's identity is
 * reseller + sha256; everything after hashing happens under the file's lock (`holdFileLock`),
 * and the ledger (`nightly_files`) says whether those bytes were imported before. A `running`
 * ledger row found under the lock was left by a run that died: the import is run again, and the
 * idempotent import (SPEC §5) turns what the dead run committed into `already_registered`.
 */
export async function processInboxFile(ctx: Context, request: InboxFileRequest): Promise<FileOutcome> {
  const { inbox, reseller, name, lang } = request;
  const base = { reseller, file: name, sha256: null, importId: null, summary: null, filedAs: null, companions: [], error: null };
  if (!isPlainFileName(name) || !isPlainFileName(reseller)) {
    return { ...base, outcome: 'error', error: { code: 'USAGE', message: 'not a plain file name' } };
  }
  const source = path.join(inbox, reseller, name);
  const sha256 = await hashRegularFile(source);
  if (!sha256) return { ...base, outcome: 'gone' };
  const lock = await holdFileLock(ctx, reseller, sha256);
  if (!lock) return { ...base, sha256, outcome: 'busy' };
  try {
    // Re-check under the lock: the run that held it before us may have filed it away already.
    if (!fs.existsSync(source)) return { ...base, sha256, outcome: 'gone' };
    const knex = ctx.db.knex;
    const done = path.join(inbox, '..', 'done', reseller);
    const failed = path.join(inbox, '..', 'failed', reseller);
    const entry = await nightlyLedger.read(knex, reseller, sha256);

    if (entry?.status === 'done' && entry.importId) {
      const filed = await fileAway(source, name, done, importReports(ctx, entry.importId, lang));
      const summary = await knex('import_batches').where({ id: entry.importId }).first();
      return { ...base, sha256, outcome: 'already_imported', importId: entry.importId, summary: summaryOf(summary), filedAs: filed.file, companions: filed.companions };
    }
    if (entry?.status === 'failed' && entry.error) {
      const error = new PackregError(entry.error.code as FileErrorCode, entry.error.params);
      const filed = await fileAway(source, name, failed, [errorFile(error, lang)]);
      return { ...base, sha256, outcome: 'failed', importId: entry.importId, filedAs: filed.file, companions: filed.companions, error: rendered(error, lang) };
    }
    if (entry?.status === 'running' && entry.importId) await abandonBatch(ctx, entry.importId);
    if (entry?.status === 'running' && entry.attempts >= MAX_ATTEMPTS) {
      // Two runs died in this file (issue 16: a workbook that took the process past its memory):
      // filed as failed, never retried into a crash loop.
      const error = new PackregError('INTERNAL', { detail: `the import stopped its process ${entry.attempts} times and is not run again` });
      await nightlyLedger.finish(knex, reseller, sha256, { code: error.code, params: { ...error.params } });
      const filed = await fileAway(source, name, failed, [errorFile(error, lang)]);
      return { ...base, sha256, outcome: 'failed', importId: entry.importId, filedAs: filed.file, companions: filed.companions, error: rendered(error, lang) };
    }

    const importId = await createBatch(ctx, reseller, name);
    await nightlyLedger.claim(knex, reseller, sha256, name, importId);
    try {
      const outcome = await importFile(ctx, { path: source, fileName: name, resellerCode: reseller, source: 'nightly', importId });
      await nightlyLedger.finish(knex, reseller, sha256);
      const filed = await fileAway(source, name, done, importReports(ctx, importId, lang));
      return { ...base, sha256, outcome: 'imported', importId, summary: outcome.summary, filedAs: filed.file, companions: filed.companions };
    } catch (error) {
      if (!(error instanceof PackregError) || !FILE_LEVEL_CODES.includes(error.code)) throw error;
      await nightlyLedger.finish(knex, reseller, sha256, { code: error.code, params: { ...error.params } });
      const filed = await fileAway(source, name, failed, [errorFile(error, lang)]);
      return { ...base, sha256, outcome: 'failed', importId, filedAs: filed.file, companions: filed.companions, error: rendered(error, lang) };
    }
  } catch (error) {
    ctx.log.error({ err: error, reseller, file: name, sha256 }, 'nightly: file left in the inbox for the next run');
    const packreg = error instanceof PackregError ? error : null;
    return {
      ...base, sha256, outcome: 'error',
      error: packreg ? rendered(packreg, lang) : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    await lock.release();
  }
}

/** Claims of one file (the ledger's attempts) after which a file still `running` is failed. */
const MAX_ATTEMPTS = 2;

async function createBatch(ctx: Context, reseller: string, fileName: string): Promise<string> {
  const [row] = await ctx.db.knex('import_batches')
    .insert({ reseller_code: reseller, file_name: fileName, source: 'nightly', options: JSON.stringify({}) })
    .returning('id');
  return (row as { id: string }).id;
}

/** The batch of a run that died mid-file says so, instead of `running` forever. */
async function abandonBatch(ctx: Context, importId: string): Promise<void> {
  const knex = ctx.db.knex;
  await knex('import_batches').where({ id: importId }).whereIn('status', ['queued', 'running']).update({
    status: 'failed', finished_at: knex.fn.now(), error_code: 'INTERNAL',
    error_params: JSON.stringify({ detail: 'interrupted; the nightly run resumed the file in a new import' }),
  });
}

function rendered(error: PackregError, lang: Lang): { code: string; message: string } {
  return { code: error.code, message: error.messageIn(lang) };
}

function errorFile(error: PackregError, lang: Lang): Companion {
  return {
    suffix: '.error.json',
    write: (file) => fs.promises.writeFile(file, `${JSON.stringify({ error: rendered(error, lang) }, null, 2)}\n`, { flag: 'wx' }),
  };
}

function summaryOf(batch: Record<string, unknown> | undefined): ImportSummary | null {
  if (!batch) return null;
  const n = (k: string) => Number(batch[`count_${k}`] ?? 0);
  return {
    rows: n('rows'), registered: n('registered'), pending_review: n('pending_review'), already_registered: n('already_registered'),
    rejected: n('rejected'), held: n('held'), valid: n('valid'), applications: n('applications'),
  };
}
