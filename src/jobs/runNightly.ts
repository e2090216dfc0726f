import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import type { Lang } from '../domain/lang.js';
import type { ImportSummary } from '../import.js';
import { processInboxFile, type FileOutcome, type FileOutcomeKind } from './processInboxFile.js';
import { scanInbox } from './scanInbox.js';

/** The run summary: logged, written to `runs/`, printed by `packreg nightly --json`. */
export interface NightlyRun {
  readonly inbox: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly files: FileOutcome[];
  readonly waiting: Array<{ reseller: string; file: string }>;
  readonly unknownFolders: string[];
  readonly counts: Record<FileOutcomeKind | 'waiting', number>;
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
 * imported once and filed in `done/` or `failed/` beside the inbox; files still being written and
 * unknown reseller folders are reported and left alone. Files are taken one at a time: an import
 * already uses the whole connection pool, and one at a time keeps a killed run's damage to one file.
 */
export async function runNightly(ctx: Context, request: NightlyRequest): Promise<NightlyRun> {
  const inbox = path.resolve(request.inbox);
  const startedAt = ctx.clock.now().toISOString();
  const scan = await scanInbox(ctx, inbox);
  if (scan.unknownFolders.length > 0) {
    ctx.log.warn({ folders: scan.unknownFolders }, 'nightly: inbox folders that are no known reseller code were left alone');
  }
  const files: FileOutcome[] = [];
  for (const file of scan.ready) {
    if (request.signal?.aborted) break;
    const outcome = await processInboxFile(ctx, { inbox, reseller: file.reseller, name: file.name, lang: request.lang });
    ctx.log.info({ reseller: outcome.reseller, file: outcome.file, outcome: outcome.outcome, importId: outcome.importId, summary: outcome.summary, error: outcome.error }, 'nightly: file');
    files.push(outcome);
  }
  const counts = { imported: 0, already_imported: 0, failed: 0, busy: 0, gone: 0, error: 0, waiting: scan.waiting.length };
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
    waiting: scan.waiting.map((w) => ({ reseller: w.reseller, file: w.name })),
    unknownFolders: scan.unknownFolders, counts, rows, summaryFile,
  };
  await fs.writeFile(summaryFile, `${JSON.stringify(run, null, 2)}\n`);
  // At warn when something failed: the default log level (warn) must show it to the scheduler's log.
  const failures = counts.failed + counts.error;
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

/** Files that make a run fail for a scheduler: file-level failures and files left after errors. */
export function failedFiles(run: NightlyRun): number {
  return run.counts.failed + run.counts.error;
}
