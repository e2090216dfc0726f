import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import type { ImportSummary } from '../import.js';
import { inboxSpool } from './inboxSpool.js';
import { FILE_OUTCOME_KINDS, outcomeBase, processInboxFile, type FileOutcome, type FileOutcomeKind } from './processInboxFile.js';
import { scanInbox } from './scanInbox.js';

/** The run summary: logged, written to `runs/`, printed by `packreg nightly --json`. */
export interface NightlyRun {
  readonly inbox: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Every entry below the inbox (outside unknown folders), with its outcome, in scan order. */
  readonly files: FileOutcome[];
  /** The files with outcome `waiting`, in short: they are taken by the next run. */
  readonly waiting: Array<{ reseller: string; file: string }>;
  /** Folders that are no known reseller code (names shown readably): left alone. */
  readonly unknownFolders: string[];
  readonly counts: Record<FileOutcomeKind, number>;
  /** Rows by status over the files imported in this run (reused reports are not counted again). */
  readonly rows: ImportSummary;
  /** Where this summary was written. */
  readonly summaryFile: string;
}

export interface NightlyRequest {
  readonly inbox: string;
  readonly lang: Lang;
  /** Stop between files when aborted (SIGTERM): the current file is finished, the rest wait. */
  readonly signal?: AbortSignal;
}

/**
 * One pass over the inbox (SPEC §7 "Nightly"): every quiet file of every known reseller is
 * imported once and filed in `done/` or `failed/` beside the inbox; every other entry (files still
 * being written, links and other non-files, names that are no upload, unknown reseller folders) is
 * reported and left alone. Files are taken one at a time: an import already uses the whole
 * connection pool, and one at a time keeps a killed run's damage to one file.
 */
export async function runNightly(ctx: Context, request: NightlyRequest): Promise<NightlyRun> {
  const inbox = path.resolve(request.inbox);
  const startedAt = ctx.clock.now().toISOString();
  await inboxSpool.sweep(ctx.log);
  const scan = await scanInbox(ctx, inbox);
  if (scan.unknownFolders.length > 0) {
    ctx.log.warn({ folders: scan.unknownFolders }, 'nightly: inbox folders that are no known reseller code were left alone');
  }
  const files: FileOutcome[] = [];
  for (const entry of scan.entries) {
    let outcome: FileOutcome;
    if (entry.kind !== 'ready' || entry.reseller === null) {
      outcome = { ...outcomeBase(entry.reseller, entry.name), outcome: entry.kind === 'ready' ? 'skipped' : entry.kind, reason: entry.reason };
    } else if (request.signal?.aborted) {
      outcome = { ...outcomeBase(entry.reseller, entry.name), outcome: 'waiting', reason: 'run_stopped' };
    } else {
      outcome = await processInboxFile(ctx, { inbox, reseller: entry.reseller, name: entry.name, lang: request.lang });
    }
    const level = outcome.outcome === 'refused' || outcome.outcome === 'failed' || outcome.outcome === 'error' ? 'warn' : 'info';
    ctx.log[level]({ reseller: outcome.reseller, file: outcome.file, outcome: outcome.outcome, reason: outcome.reason, importId: outcome.importId, summary: outcome.summary, error: outcome.error }, 'nightly: file');
    files.push(outcome);
  }
  const counts = Object.fromEntries(FILE_OUTCOME_KINDS.map((k) => [k, 0])) as Record<FileOutcomeKind, number>;
  const rows: ImportSummary = { rows: 0, registered: 0, pending_review: 0, already_registered: 0, rejected: 0, held: 0, valid: 0, applications: 0 };
  for (const f of files) {
    counts[f.outcome] += 1;
    if (f.outcome === 'imported' && f.summary) {
      for (const key of Object.keys(rows) as Array<keyof ImportSummary>) rows[key] += f.summary[key];
    }
  }
  const finishedAt = ctx.clock.now().toISOString();
  const summaryFile = await writeRunFile(path.join(inbox, '..', 'runs'), startedAt);
  const run: NightlyRun = {
    inbox, startedAt, finishedAt, files,
    waiting: files.filter((f) => f.outcome === 'waiting' && f.reseller !== null).map((f) => ({ reseller: f.reseller ?? '', file: f.file })),
    unknownFolders: scan.unknownFolders, counts, rows, summaryFile,
  };
  await fs.writeFile(summaryFile, `${JSON.stringify(run, null, 2)}\n`);
  // At warn when something failed: the default log level (warn) must show it to the scheduler's log.
  const failures = failedFiles(run);
  ctx.log[failures > 0 ? 'warn' : 'info']({ counts, failures, rows, unknownFolders: scan.unknownFolders, summaryFile }, 'nightly: run finished');
  return run;
}

/** Reserve `runs/<startedAt>-<pid>.json` (exclusive create: two runs never share a summary). */
async function writeRunFile(folder: string, startedAt: string): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-');
  for (let n = 0; ; n += 1) {
    const file = path.join(folder, `${stamp}-${process.pid}${n ? `-${n}` : ''}.json`);
    try {
      await fs.writeFile(file, '', { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Entries that make a run fail for a scheduler (exit 3): file-level failures, files left after
 * errors, and refused entries (a link or a FIFO in an inbox is something an operator must look at).
 * Waiting and skipped entries do not: the next run takes the one, the other is no upload.
 */
export function failedFiles(run: Pick<NightlyRun, 'counts'>): number {
  return run.counts.failed + run.counts.error + run.counts.refused;
}
