import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { FILE_LEVEL_CODES, type FileErrorCode } from '../domain/fileErrors.js';
import { PackregError } from '../domain/PackregError.js';
import type { Lang } from '../domain/lang.js';
import { importFile, type ImportSummary } from '../import.js';
import { fileAway, type Companion, type FiledAway, type FilingSource } from './fileAway.js';
import { holdFileLock } from './holdFileLock.js';
import { importReports } from './importReports.js';
import { inboxSpool } from './inboxSpool.js';
import { nightlyLedger } from './nightlyLedger.js';
import { rawJoin } from './rawJoin.js';
import { readableName } from './readableName.js';
import { isPlainFileName, isPlainRawName } from './sanitiseFileName.js';
import type { RefusalReason, SkipReason, WaitReason } from './scanInbox.js';
import { isStill, takeInboxFile, type Take } from './takeInboxFile.js';
import { failBatch } from '../staging/sql/failBatch.js';
import { insertBatch } from '../staging/sql/insertBatch.js';

/**
 * What became of one inbox entry (every entry appears in the run summary with one of these):
 * - `imported`: imported now, filed in done/ with its report;
 * - `already_imported`: these bytes were imported before for this reseller: filed in done/ with
 *   the earlier import's report, nothing imported;
 * - `failed`: a file-level error (SPEC §6): filed in failed/ with `{ error: { code, message } }`;
 * - `busy`: another process holds the file right now; it is left alone;
 * - `gone`: the file vanished (another run filed it first);
 * - `error`: the run could not go on with it (database lost, disk full): left in the inbox and, if
 *   it was claimed as `running`, resumed by the next run;
 * - `waiting`: still being written (changed in the quiet period, or while it was read): left in
 *   the inbox, nothing of it committed or claimed; the next run takes it;
 * - `refused`: a symbolic link, a folder inside a reseller folder, a FIFO, socket or device, or a
 *   file packreg may not read: nothing read through it, left where it is;
 * - `skipped`: a regular file that is no upload by its name (`notes.txt`, Excel's `~$` lock file,
 *   an upload tool's temporary name, a file directly in the inbox): left where it is.
 */
export type FileOutcomeKind = 'imported' | 'already_imported' | 'failed' | 'busy' | 'gone' | 'error' | 'waiting' | 'refused' | 'skipped';

/** Every outcome, in the order the counts are printed. */
export const FILE_OUTCOME_KINDS: readonly FileOutcomeKind[] = ['imported', 'already_imported', 'failed', 'error', 'refused', 'busy', 'gone', 'waiting', 'skipped'];

/**
 * Why: for `refused`, `skipped` and `waiting`; on `imported`/`already_imported`/`failed`,
 * `changed_after_read` says the inbox file changed after its bytes were taken: the copy that was
 * imported was filed, the changed file left in the inbox for the next run.
 */
export type OutcomeReason = RefusalReason | SkipReason | WaitReason | 'changed_after_read';

export interface FileOutcome {
  /** The reseller folder, or null for an entry directly in the inbox. */
  readonly reseller: string | null;
  /** The name as found in the inbox, made readable (`readableName`; JSON-escaped wherever it is printed). */
  readonly file: string;
  /** The name's bytes in hex when they are not UTF-8 (`file` is then decoded from CP932 or escaped). */
  readonly fileHex: string | null;
  readonly outcome: FileOutcomeKind;
  readonly reason: OutcomeReason | null;
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
  /** The raw name, as the inbox folder lists it. */
  readonly name: Buffer;
  readonly lang: Lang;
}

/** The outcome of an entry before anything is known about its bytes. */
export function outcomeBase(reseller: string | null, name: Buffer): Omit<FileOutcome, 'outcome'> {
  const shown = readableName(name);
  return {
    reseller, file: shown.text, fileHex: shown.encoding === 'utf-8' ? null : name.toString('hex'), reason: null,
    sha256: null, importId: null, summary: null, filedAs: null, companions: [], error: null,
  };
}

/**
 * Import one inbox file exactly once and file it away (SPEC §7 "Nightly"). Its bytes are taken
 * once (`takeInboxFile`: no link followed, regular files only, copied into a private spool while
 * hashed, unchanged while read) and only the spool is imported: the bytes hashed are the bytes
 * imported. The file's identity is reseller + sha256; everything after taking happens under the
 * file's lock (`holdFileLock`), and the ledger (`nightly_files`) says whether those bytes were
 * imported before. A `running` ledger row found under the lock was left by a run that died: the
 * import is run again, and the idempotent import (SPEC §5) turns what the dead run committed into
 * `already_registered`. The spool is removed on every path.
 */
export async function processInboxFile(ctx: Context, request: InboxFileRequest): Promise<FileOutcome> {
  const { inbox, reseller, name, lang } = request;
  const base = outcomeBase(reseller, name);
  if (!isPlainRawName(name) || !isPlainFileName(reseller)) {
    return { ...base, outcome: 'error', error: { code: 'USAGE', message: 'not a plain file name' } };
  }
  const source = rawJoin(path.join(inbox, reseller), name);
  let sha256: string | null = null;
  let spool: Awaited<ReturnType<typeof inboxSpool.make>> | null = null;
  try {
    spool = await inboxSpool.make(path.extname(base.file));
    const take = await takeInboxFile(source, spool.file, {
      now: ctx.clock.now().getTime(), quietMs: ctx.config.nightly.quietMs, maxBytes: ctx.config.limits.maxFileBytes,
    });
    if (take.kind === 'gone') return { ...base, outcome: 'gone' };
    if (take.kind !== 'taken') return { ...base, outcome: take.kind, reason: take.reason };
    sha256 = take.sha256;
    return await importTaken(ctx, request, { original: source, identity: take.identity, copy: take.complete ? spool.file : null }, take, spool.file);
  } catch (error) {
    ctx.log.error({ err: error, reseller, file: base.file, sha256 }, 'nightly: file left in the inbox for the next run');
    const packreg = error instanceof PackregError ? error : null;
    return {
      ...base, sha256, outcome: 'error',
      error: packreg ? rendered(packreg, lang) : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    await spool?.remove();
  }
}

async function importTaken(
  ctx: Context,
  request: InboxFileRequest,
  filing: FilingSource,
  take: Extract<Take, { kind: 'taken' }>,
  spoolFile: string,
): Promise<FileOutcome> {
  const { inbox, reseller, name, lang } = request;
  const { sha256 } = take;
  const base = { ...outcomeBase(reseller, name), sha256 };
  const lock = await holdFileLock(ctx, reseller, sha256);
  if (!lock) return { ...base, outcome: 'busy' };
  try {
    // Re-check under the lock: the run that held it before us may have filed it away already, or
    // the upload resumed since the bytes were taken (nothing is committed yet: it waits).
    if (!(await isStill(filing.original, filing.identity))) {
      const there = await fs.promises.lstat(filing.original).then(() => true, () => false);
      return there ? { ...base, outcome: 'waiting', reason: 'changed_while_read' } : { ...base, outcome: 'gone' };
    }

    const knex = ctx.db.knex;
    const done = path.join(inbox, '..', 'done', reseller);
    const failed = path.join(inbox, '..', 'failed', reseller);
    const entry = await nightlyLedger.read(knex, reseller, sha256);
    const filedFields = (filed: FiledAway | null) => ({
      filedAs: filed?.file ?? null,
      companions: filed?.companions ?? [],
      reason: filed?.original === 'moved' ? null : ('changed_after_read' as const),
    });

    if (entry?.status === 'done' && entry.importId) {
      const filed = await fileAway(filing, name, done, [importReports(ctx, entry.importId, lang)]);
      const summary = await knex('import_batches').where({ id: entry.importId }).first();
      return { ...base, outcome: 'already_imported', importId: entry.importId, summary: summaryOf(summary), ...filedFields(filed) };
    }
    if (entry?.status === 'failed' && entry.error) {
      const error = new PackregError(entry.error.code as FileErrorCode, entry.error.params);
      const filed = await fileAway(filing, name, failed, [errorFile(error, lang)]);
      return { ...base, outcome: 'failed', importId: entry.importId, ...filedFields(filed), error: rendered(error, lang) };
    }
    if (entry?.status === 'running' && entry.importId) await abandonBatch(ctx, entry.importId);
    if (entry?.status === 'running' && entry.attempts >= MAX_ATTEMPTS) {
      // Two runs died in this file (issue 16: a workbook that took the process past its memory):
      // filed as failed, never retried into a crash loop.
      const error = new PackregError('INTERNAL', { detail: `the import stopped its process ${entry.attempts} times and is not run again` });
      await nightlyLedger.finish(knex, reseller, sha256, { code: error.code, params: { ...error.params } });
      const filed = await fileAway(filing, name, failed, [errorFile(error, lang)]);
      return { ...base, outcome: 'failed', importId: entry.importId, ...filedFields(filed), error: rendered(error, lang) };
    }

    const importId = await createBatch(ctx, reseller, base.file);
    await nightlyLedger.claim(knex, reseller, sha256, base.file, importId);
    try {
      const outcome = await importFile(ctx, { path: spoolFile, fileName: base.file, resellerCode: reseller, source: 'nightly', importId });
      await nightlyLedger.finish(knex, reseller, sha256);
      const filed = await fileAway(filing, name, done, [importReports(ctx, importId, lang)]);
      if (filed?.original === 'left') ctx.log.warn({ reseller, file: base.file, importId }, 'nightly: the file changed after it was read; the imported copy was filed, the file is left for the next run');
      return { ...base, outcome: 'imported', importId, summary: outcome.summary, ...filedFields(filed) };
    } catch (error) {
      if (!(error instanceof PackregError) || !FILE_LEVEL_CODES.includes(error.code)) throw error;
      await nightlyLedger.finish(knex, reseller, sha256, { code: error.code, params: { ...error.params } });
      const filed = await fileAway(filing, name, failed, [errorFile(error, lang)]);
      return { ...base, outcome: 'failed', importId, ...filedFields(filed), error: rendered(error, lang) };
    }
  } finally {
    await lock.release();
  }
}

/** Claims of one file (the ledger's attempts) after which a file still `running` is failed. */
const MAX_ATTEMPTS = 2;

async function createBatch(ctx: Context, reseller: string, fileName: string): Promise<string> {
  return insertBatch(ctx.db.knex, { resellerCode: reseller, fileName, source: 'nightly', options: {} });
}

/** The batch of a run that died mid-file says so, instead of `running` forever. */
async function abandonBatch(ctx: Context, importId: string): Promise<void> {
  await failBatch(ctx.db.knex, importId, {
    code: 'INTERNAL', params: { detail: 'interrupted; the nightly run resumed the file in a new import' },
  }, { whileOpen: true });
}

function rendered(error: PackregError, lang: Lang): { code: string; message: string } {
  return { code: error.code, message: error.messageIn(lang) };
}

function errorFile(error: PackregError, lang: Lang): Companion {
  return {
    suffixes: ['.error.json'],
    write: ([file]) => fs.promises.writeFile(file!, `${JSON.stringify({ error: rendered(error, lang) }, null, 2)}\n`, { flag: 'wx' }),
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
