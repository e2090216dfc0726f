import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { dateInZone } from './clock.js';
import { withoutJit } from './db/withoutJit.js';
import { commitApplications } from './commit/commitApplications.js';
import type { Context } from './context.js';
import { paramText } from './domain/paramText.js';
import { NOT_A_FILE, openErrorDetail } from './domain/openErrorDetail.js';
import { PackregError } from './domain/PackregError.js';
import { chunksOf, closeFile, openFile, statOfFile } from './ingest/fileReads.js';
import { openIngest } from './ingest/openIngest.js';
import { queueImportWebhooks } from './outbox/queueImportWebhooks.js';
import type { EncodingOption, IngestedRow } from './ingest/types.js';
import { makeCancelCheck } from './imports/makeCancelCheck.js';
import { applyAtomicity, type Atomicity } from './plan/applyAtomicity.js';
import { holdCancelledRows } from './staging/sql/holdCancelledRows.js';
import { checkPlanOutcomes } from './preview/checkPlanOutcomes.js';
import { claimPlan } from './preview/claimPlan.js';
import { checkPlanFile, checkPlanOptions, loadPlan } from './preview/loadPlan.js';
import { planOptionsOf, type Plan } from './preview/PlanOptions.js';
import { recordPlan } from './preview/recordPlan.js';
import { checkAcrossFileInDb } from './rules/checkAcrossFileInDb.js';
import { checkReferences, type DateRules } from './rules/checkReferences.js';
import { checkRowAlone } from './rules/checkRowAlone.js';
import { LabelRecipientWatch } from './rules/LabelRecipientWatch.js';
import { lookupReferences, makeReferenceCache } from './rules/lookupReferences.js';
import { SerialSieve } from './rules/SerialSieve.js';
import { headerMappings } from './settings/headerMappings.js';
import { makeRowStager } from './staging/makeRowStager.js';
import { failBatch } from './staging/sql/failBatch.js';
import { finishBatch } from './staging/sql/finishBatch.js';
import { insertBatch } from './staging/sql/insertBatch.js';
import { recordBatchFile } from './staging/sql/recordBatchFile.js';
import { startBatch } from './staging/sql/startBatch.js';
import type { StagedRow } from './staging/stagedColumns.js';

export interface ImportRequest {
  readonly path: string;
  /** The name the reseller gave the file (defaults to the path's base name). */
  readonly fileName?: string;
  readonly resellerCode: string;
  readonly dryRun?: boolean;
  readonly atomicity?: Atomicity;
  readonly sheet?: string;
  readonly encoding?: EncodingOption;
  readonly source?: 'cli' | 'nightly' | 'http';
  /** An import batch created beforehand (the HTTP queue); a new one otherwise. */
  readonly importId?: string;
  /**
   * Reports the caller writes once the import is done (absolute paths). Recorded on the batch so
   * that, if the process dies while writing them, the next packreg process removes their hidden
   * temporaries (`settleAbandonedImports`); the caller forgets them once written
   * (`db.runner.forgetReportPaths`).
   */
  readonly reportPaths?: readonly string[];
  /**
   * Commit exactly what this plan previewed (issue 20 item 6): same file, options and reseller,
   * and every row's outcome unchanged since the dry run; otherwise refused before anything is
   * committed (PLAN_MISMATCH, PLAN_CHANGED, PLAN_USED).
   */
  readonly planId?: string;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'committing' | 'done';
  readonly rowsRead: number;
  readonly applicationsCommitted: number;
}

export interface ImportSummary {
  rows: number;
  registered: number;
  pending_review: number;
  already_registered: number;
  rejected: number;
  held: number;
  valid: number;
  applications: number;
}

export interface ImportOutcome {
  readonly importId: string;
  readonly summary: ImportSummary;
  /** `cancelled` when a cancel request stopped it (issue 20 item 4): committed applications stand. */
  readonly status: 'finished' | 'cancelled';
  /** The plan a dry run recorded, or the plan a commit committed. */
  readonly planId: string | null;
}

/**
 * Rows are validated and staged in batches of the engine's `stagingBatchRows` (a fixed number of
 * look-ups and one COPY share per batch), or fewer, once the batch's cells hold this many
 * characters: a batch is in memory several times over (the rows, their COPY text, its bytes), and
 * rows as wide as the limits allow (≈ 24 KB) made 2,000 of them 48 MB before any copy
 * (test/reliability/wideRows.test.ts). A typical row is ≈ 200 characters: its batches stay whole.
 */
const BATCH_CHARS = 4 * 1024 * 1024;

/** Staged rows from which the planner needs fresh statistics on import_rows (see below). */
const ANALYZE_AFTER_ROWS = 10_000;
/** The columns of import_rows the set-based passes, the commit and the results view select rows by. */
const PLANNED_COLUMNS = ['import_id', 'seq', 'status', 'support_id', 'pack_serial', 'label_recipient', 'needs_label', 'manual_review'];

/**
 * ANALYZE samples 300 rows per unit of statistics target from pages across the whole table —
 * every import's rows, not only this one's — so at the default target (100: 30,000 rows) its cost
 * grew with the table's history: 0.45 s alone and 1.3 s of a 200k re-import's 8 s on a table of
 * 5M rows, against 0.12 s at 30 (BENCHMARKS.md, tenth round). What the statements need of it is
 * coarse: that this import has as many rows as it has (it is among the most common values of
 * import_id), and how they spread over status and support ID. Autovacuum's own ANALYZE keeps the
 * table's target.
 */
const ANALYZE_STATISTICS_TARGET = 30;

async function analyseStagedRows(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw(`set local default_statistics_target = ${ANALYZE_STATISTICS_TARGET}`);
    await trx.raw(`analyze import_rows (${PLANNED_COLUMNS.join(', ')})`);
  });
}

/**
 * The only place that knows the order of the stages: ingest → pass 1 (row alone) → pass 2
 * (reference data, batched) → stage → pass 3 (across the file) → atomicity → commit. Every run is
 * an import batch with the file's sha256, options, counts and timings; file-level errors mark it
 * failed and are rethrown as `PackregError`.
 */
export async function importFile(ctx: Context, request: ImportRequest): Promise<ImportOutcome> {
  const knex = ctx.db.knex;
  const reseller = await knex('resellers').where({ reseller_code: request.resellerCode }).first('reseller_code');
  if (!reseller) throw new PackregError('RESELLER_UNKNOWN', { reseller: request.resellerCode });

  const atomicity = request.atomicity ?? 'application';
  const dryRun = request.dryRun ?? false;
  const options = { dryRun, atomicity, sheet: request.sheet ?? null, encoding: request.encoding ?? 'auto' };
  // The liveness signal first: a batch never names a runner whose lock is not held, so a batch
  // whose runner's lock is free has lost its process (SPEC §7 IMPORT_ABANDONED).
  await ctx.db.runner.hold();
  const runner = { ...ctx.db.runner.columns(), ...(request.reportPaths ? { reportPaths: request.reportPaths } : {}) };
  let importId: string;
  if (request.importId === undefined) {
    importId = await insertBatch(knex, {
      resellerCode: request.resellerCode,
      fileName: request.fileName ?? path.basename(request.path),
      source: request.source ?? 'cli',
      options,
      runner,
    });
  } else {
    importId = request.importId;
    // Only a batch not cancelled meanwhile starts (`cancelImport` locks the row: one of the two wins).
    if (!(await startBatch(knex, importId, options, runner))) {
      return { importId, summary: await summarise(ctx, importId), status: 'cancelled', planId: null };
    }
  }
  const cancel = makeCancelCheck(knex, importId);
  let plan: Plan | null = null;
  const progress = { rowsRead: 0, applicationsCommitted: 0 };
  const report = (phase: ImportProgress['phase']) => request.onProgress?.({ phase, ...progress });

  try {
    if (request.planId) {
      if (dryRun) throw new PackregError('USAGE', { detail: '--plan commits a previewed plan; it cannot be a dry run' });
      plan = await loadPlan(knex, { planId: request.planId }, request.resellerCode);
      checkPlanOptions(plan, planOptionsOf(options));
      if (plan.committedBy && plan.committedBy !== importId) throw new PackregError('PLAN_USED', { planId: plan.id, importId: plan.committedBy });
    }
    const sha256 = await hashFile(request.path, ctx.config.limits.maxFileBytes);
    await recordBatchFile(knex, importId, { sha256 });
    if (plan) checkPlanFile(plan, sha256);

    // The reseller's saved header mapping (issue 20 item 8); the ingest itself reads no database.
    const aliases = await headerMappings.load(knex, request.resellerCode);
    const ingest = await openIngest(request.path, {
      limits: ctx.config.limits,
      aliases,
      ...(request.encoding ? { encoding: request.encoding } : {}),
      ...(request.sheet ? { sheet: request.sheet } : {}),
    });
    await recordBatchFile(knex, importId, { facts: ingest.facts });

    const dates: DateRules = {
      today: ctx.config.today ?? dateInZone(ctx.clock.now(), ctx.config.timeZone),
      daysBefore: ctx.config.startDaysBefore,
      daysAfter: ctx.config.startDaysAfter,
    };
    const cache = makeReferenceCache();
    const stager = await makeRowStager(ctx.db, importId);
    // Which serials may repeat, so pass 3 aggregates only those (none, for most files).
    const serials = new SerialSieve();
    // Whether pass 3's label recipient rules can change any row (not, for most files).
    const labels = new LabelRecipientWatch();
    // The rows' statuses as pass 2 staged them: the summary, when nothing after staging changes a row.
    const counted = emptySummary();
    // Of those valid, the rows whose pack needs review (pending_review once committed).
    let validForReview = 0;
    const batchRows = ctx.db.engine.stagingBatchRows;
    let batch: IngestedRow[] = [];
    let batchChars = 0;
    // One batch is checked and staged while the next is read: the database's round trips
    // overlap with parsing. A batch's look-ups are sent as soon as it is read, beside the checks
    // and COPY text of the batch before. At most two batches are in memory.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = (rows: IngestedRow[], firstSeq: number): Promise<void> => {
      const looked = lookupReferences(knex, cache, rows);
      // Awaited below, after the batch before: a failure meanwhile is not an unhandled rejection.
      looked.catch(() => undefined);
      return inFlight.then(async () => {
        const lookups = await looked;
        const staged: StagedRow[] = rows.map((row, i) => {
          const verdict = checkReferences(row, checkRowAlone(row), lookups, request.resellerCode, dates);
          counted[verdict.status] += 1;
          if (verdict.status === 'valid') {
            labels.note(row.values.support_id, row.values.label_recipient, verdict.needsLabel);
            if (verdict.manualReview) validForReview += 1;
          }
          return { seq: firstSeq + i, row, verdict };
        });
        await stager.write(staged);
        report('reading');
      });
    };
    try {
      for await (const chunk of ingest.rows) {
        for (const row of chunk) {
          batch.push(row);
          progress.rowsRead += 1;
          serials.add(row.values.pack_serial);
          for (const cell of row.cells) batchChars += cell.length;
          if (batch.length >= batchRows || batchChars >= BATCH_CHARS) {
            const before = inFlight;
            inFlight = flush(batch, progress.rowsRead - batch.length + 1);
            // Handled here so a failure while the next batch is read is not an unhandled
            // rejection (which ends the process); the next `await before` rethrows it.
            inFlight.catch(() => undefined);
            batch = [];
            batchChars = 0;
            // The next batch is read once the batch before this one is staged.
            await before;
          }
        }
      }
      if (batch.length > 0) inFlight = flush(batch, progress.rowsRead - batch.length + 1);
      await inFlight;
      await stager.finish();
    } catch (error) {
      await inFlight.catch(() => undefined);
      await stager.abort();
      throw error;
    }
    // The statements below (pass 3, a plan's check, atomicity, the commit, the summary) and every
    // report of this import join, group and page through import_rows by import_id; right after a
    // bulk load the statistics have never seen this import, and the planner takes it for one row
    // (a nested loop over a million rows never finishes; a report page read the whole import
    // through the wrong index: 1.2 s a page at 1M rows, 16 ms with statistics; BENCHMARKS.md,
    // eighth round). So every import of ANALYZE_AFTER_ROWS rows or more is analysed once staged,
    // even a clean dry run or a re-import whose only reader is its report. A small file cannot
    // make the planner's mistake costly, and ANALYZE samples the whole table (every import's
    // rows): a nightly run of many small files does not pay it. Only the columns the statements
    // filter, join, group and page on (0.94 → 0.39 s at 1M staged rows: the echoed cells and
    // findings are most of a row's width).
    const suspects = serials.result();
    const judgeLabels = labels.mustJudge();
    counted.rows = progress.rowsRead;
    const validInPass2 = counted.valid > 0;
    if (progress.rowsRead >= ANALYZE_AFTER_ROWS) await analyseStagedRows(knex);
    ctx.log.info({ importId, rows: progress.rowsRead }, 'rows validated and staged');
    report('checking');
    const pass3Ran = await checkAcrossFileInDb(knex, importId, suspects, judgeLabels);
    ctx.log.info({ importId }, 'cross-file checks done');
    if (plan) {
      // Before atomicity and commit: a refused plan commits nothing.
      await checkPlanOutcomes(knex, plan, importId);
      await claimPlan(knex, plan.id, importId);
    }
    let atomicityRan = false;
    let everyValidRowRegistered = false;
    if (!dryRun) {
      // A dry run reports rows as valid, already_registered or rejected (SPEC §5): nothing is held.
      // Nor is anything when no row is rejected: none from pass 2, and pass 3 changed no row.
      // Pass 3 and atomicity only ever take rows out of `valid`: when pass 2 left none (a file of
      // rows already in, or all rejected), there is nothing to hold or commit, and neither looks
      // (a re-import of 1M rows: 0.7–0.9 s of looking for pending applications).
      if (validInPass2 && (counted.rejected > 0 || pass3Ran)) {
        await applyAtomicity(knex, importId, atomicity);
        atomicityRan = true;
      }
      report('committing');
      if (validInPass2) {
        everyValidRowRegistered = await commitApplications(ctx, importId, request.resellerCode, (p) => {
          progress.applicationsCommitted = p.applicationsCommitted;
          report('committing');
        }, () => cancel.requested());
      }
      if (cancel.seen) await holdCancelledRows(knex, importId);
    } else {
      await cancel.requested();
    }
    const status = cancel.seen ? 'cancelled' : 'finished';
    // Only pass 3, atomicity, the commit and a cancel's hold change a row once it is staged: when
    // none of them could (a dry run or a file with no valid row, no row judged across the file, no
    // cancel), the rows stand as pass 2 counted them, and a large import's summary is not read
    // back (it reads every row of the import: 0.6–2.5 s at 1M rows; BENCHMARKS.md, ninth round).
    // Nor when the commit registered every row pass 2 left valid and nothing else changed a row.
    const untouched = !pass3Ran && !atomicityRan && !cancel.seen;
    const summary = untouched && (dryRun || !validInPass2)
      ? counted
      : untouched && everyValidRowRegistered
        ? await summariseCommitted(knex, importId, counted, validForReview)
        : await summarise(ctx, importId);
    // The reseller's webhook (issue 20 item 5) is queued, and a finished dry run's plan recorded,
    // in the transaction that finishes the import.
    const planId = await knex.transaction(async (trx) => {
      const recorded = !plan && dryRun && status === 'finished'
        ? await recordPlan(trx, importId, { reseller: request.resellerCode, sha256, options: planOptionsOf(options), rows: summary.rows })
        : null;
      await finishBatch(trx, importId, status, summary, { phase: 'done', ...progress });
      await queueImportWebhooks(trx, [importId]);
      return plan?.id ?? recorded;
    });
    report('done');
    return { importId, summary, status, planId };
  } catch (error) {
    const code = error instanceof PackregError ? error.code : 'INTERNAL';
    const params = error instanceof PackregError ? error.params : { detail: paramText(error) };
    // Best effort: the database itself may be what failed.
    await knex.transaction(async (trx) => {
      await failBatch(trx, importId, { code, params });
      await queueImportWebhooks(trx, [importId]);
    }).catch((e: unknown) => ctx.log.error({ err: e }, 'could not record the failed import'));
    throw error;
  }
}

/**
 * sha256 of the file, streamed; also the first guard against a file over the size limit. A path
 * that does not exist, cannot be read or is not a regular file (a folder, a device) is the
 * reseller's FILE_UNREADABLE (SPEC §6), never an internal error.
 */
async function hashFile(file: string, maxBytes: number): Promise<string> {
  let fd: number;
  try {
    fd = await openFile(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw new PackregError('FILE_UNREADABLE', { detail: openErrorDetail(error) }, { cause: error });
  }
  try {
    const stat = await statOfFile(fd);
    if (!stat.isFile()) throw new PackregError('FILE_UNREADABLE', { detail: NOT_A_FILE });
    if (stat.size > maxBytes) throw new PackregError('FILE_TOO_LARGE', { limitMb: Math.round(maxBytes / 1024 / 1024), size: stat.size });
    const hash = createHash('sha256');
    for await (const chunk of chunksOf(fd)) hash.update(chunk);
    return hash.digest('hex');
  } finally {
    await closeFile(fd);
  }
}

function emptySummary(): ImportSummary {
  return { rows: 0, registered: 0, pending_review: 0, already_registered: 0, rejected: 0, held: 0, valid: 0, applications: 0 };
}

/**
 * The summary of an import whose commit registered every row pass 2 left `valid`, when nothing
 * else changed a staged row: by the results view's rule (staging/createResultsView.ts) each of
 * those rows is now `pending_review` when its pack needs review, else `registered`. So the rows
 * are not read back (1M rows: 1.8–2.4 s joining them with their registrations); only the
 * applications are counted (an earlier, interrupted run of the same import may have made some).
 * test/e2e/import.test.ts holds it to `summarise`.
 */
async function summariseCommitted(knex: Knex, importId: string, counted: ImportSummary, validForReview: number): Promise<ImportSummary> {
  const [{ n }] = await knex('applications').where({ import_id: importId }).select(knex.raw('count(*)::int as n'));
  return {
    ...counted,
    valid: 0,
    registered: counted.registered + counted.valid - validForReview,
    pending_review: counted.pending_review + validForReview,
    applications: n,
  };
}

/** Counts by status (SPEC §6 summary) and the applications this run committed. */
export async function summarise(ctx: Context, importId: string): Promise<ImportSummary> {
  const knex = ctx.db.knex;
  const summary = emptySummary();
  // One statement: the counts by status, and the applications as one more line. Without JIT: the
  // import's rows share import_rows with every other import's, and a 1M-row dry run's summary
  // took 0.74–1.25 s with JIT, 0.60–0.63 s without, warm (BENCHMARKS.md, eighth round).
  const counts = ((await withoutJit(knex, (trx) => trx.raw(
    `select status, count(*)::int as n from import_row_results where import_id = :id group by status
     union all
     select null, count(*)::int from applications where import_id = :id`,
    { id: importId },
  ))) as { rows: Array<{ status: keyof ImportSummary | null; n: number }> }).rows;
  for (const { status, n } of counts) {
    if (status === null) {
      summary.applications = n;
    } else {
      summary[status] = n;
      summary.rows += n;
    }
  }
  return summary;
}
