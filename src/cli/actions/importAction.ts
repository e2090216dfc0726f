import path from 'node:path';
import type { Context } from '../../context.js';
import { exitCodeOf } from '../../domain/fileErrors.js';
import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { importFile, type ImportOutcome, type ImportSummary } from '../../import.js';
import type { Atomicity } from '../../plan/applyAtomicity.js';
import { formatSummaryTable } from '../../report/formatSummaryTable.js';
import { loadImportRecord } from '../../report/loadImportRecord.js';
import { makeProgressBar } from '../../report/makeProgressBar.js';
import type { ReportFormat } from '../../report/reportFormatOf.js';
import type { ReportEncoding } from '../../report/openCsvReport.js';
import { writeImportReports } from '../../report/writeImportReports.js';
import { writeErrorReport } from '../../report/writeReport.js';
import { writeReportFile } from '../../report/writeReportFile.js';
import { ExitRequest } from '../ExitRequest.js';
import { wantsColor } from '../wantsColor.js';
import { withContext } from '../withContext.js';
import { reportTargets, workbookTarget } from './reportTargets.js';

interface ImportOptions {
  reseller: string;
  report: string[];
  rejects?: string;
  dryRun?: boolean;
  atomicity: Atomicity;
  sheet?: string;
  encoding: 'auto' | 'utf8' | 'cp932';
  reportEncoding: ReportEncoding;
  lang?: Lang;
  quiet?: boolean;
  json?: boolean;
  plan?: string;
}

/** What commander tells about where an option's value came from (the third argument of an action). */
interface OptionSources {
  getOptionValueSource(key: string): string | undefined;
}

/** `packreg import` (SPEC §7); registered in commands/importCommand.ts. */
export async function importAction(file: string, given: ImportOptions, command?: OptionSources): Promise<void> {
  const targets = reportTargets(given.report);
  const rejects = workbookTarget(given.rejects, '--rejects');
  if (given.plan && given.dryRun) throw new PackregError('USAGE', { detail: '--plan commits a previewed plan: it cannot be combined with --dry-run' });
  await withContext(async (ctx) => {
    try {
      const options = given.plan ? await withPlanOptions(ctx, given, command) : given;
      await runImport(ctx, file, options, targets, rejects);
    } finally {
      // Every report is in place (or its temporary removed by writeReportFile): nothing of
      // this run is left for the next process to clean up. (No report asked: none recorded.)
      if (targets.length > 0 || rejects) await ctx.db.runner.forgetReportPaths(ctx.db.knex).catch(() => undefined);
    }
  }, { imports: true });
}

/** The import, then its reports; the exit code by ExitRequest. */
async function runImport(
  ctx: Context,
  file: string,
  options: ImportOptions,
  targets: Array<{ path: string; format: ReportFormat }>,
  rejects: string | undefined,
): Promise<void> {
  const lang = options.lang ?? ctx.config.lang;
  const reportOptions = { lang, encoding: options.reportEncoding };
  // Progress goes to stderr so stdout stays clean for --json and pipes.
  const bar = !options.quiet && !options.json && process.stderr.isTTY
    ? makeProgressBar(process.stderr, { lang, color: wantsColor(process.stderr) }) : null;
  let outcome: ImportOutcome;
  try {
    outcome = await importFile(ctx, {
      path: file,
      resellerCode: options.reseller,
      dryRun: options.dryRun ?? false,
      atomicity: options.atomicity,
      encoding: options.encoding,
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(options.plan ? { planId: options.plan.trim() } : {}),
      // So that a run killed while writing them leaves no temporaries behind for good.
      reportPaths: [...targets.map((t) => path.resolve(t.path)), ...(rejects ? [path.resolve(rejects)] : [])],
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
    });
  } catch (error) {
    bar?.done();
    if (error instanceof PackregError && exitCodeOf(error.code) === 2) {
      // SPEC §7: a file-level error is also written to the reports asked for.
      const reported = { code: error.code, message: error.messageIn(lang) };
      for (const t of targets) await writeReportFile(t.path, (out) => writeErrorReport(reported, t.format, reportOptions, out));
    }
    throw error;
  }
  bar?.done();

  const record = await loadImportRecord(ctx.db.knex, outcome.importId);
  const { rejectedRows } = await writeImportReports(ctx.db.knex, record, { targets, rejects }, reportOptions);
  const { summary } = outcome;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ importId: outcome.importId, status: outcome.status, planId: outcome.planId, summary })}\n`);
  } else if (!options.quiet) {
    const color = wantsColor(process.stdout);
    process.stdout.write(formatSummaryTable(outcome.importId, summary, { lang, color, dryRun: options.dryRun ?? false }));
    process.stdout.write(planOrCancelLine(outcome, file, options, lang));
    for (const t of targets) process.stdout.write(`${lang === 'ja' ? 'レポート' : 'report'}: ${t.path}\n`);
    process.stdout.write(nextStep(summary, lang, rejects, rejectedRows));
  }
  if (summary.rejected + summary.held > 0) throw new ExitRequest(1);
}

/**
 * With `--plan`, the options not given on the command line are the plan's (the commit must use the
 * preview's options; typing them again is not needed). Given ones are kept, and a difference is
 * PLAN_MISMATCH from the import itself.
 */
async function withPlanOptions(ctx: Context, options: ImportOptions, command: OptionSources | undefined): Promise<ImportOptions> {
  const { loadPlan } = await import('../../preview/loadPlan.js');
  const plan = await loadPlan(ctx.db.knex, { planId: options.plan!.trim() }, options.reseller);
  const defaulted = (key: string) => command?.getOptionValueSource(key) !== 'cli';
  return {
    ...options,
    ...(defaulted('atomicity') ? { atomicity: plan.options.atomicity as Atomicity } : {}),
    ...(defaulted('encoding') ? { encoding: plan.options.encoding as ImportOptions['encoding'] } : {}),
    ...(defaulted('sheet') && plan.options.sheet ? { sheet: plan.options.sheet } : {}),
  };
}

/** A dry run's plan and how to commit it; or what a cancel left. */
function planOrCancelLine(outcome: ImportOutcome, file: string, options: ImportOptions, lang: Lang): string {
  if (outcome.status === 'cancelled') {
    return lang === 'ja'
      ? '取込は取り消されました。確定済みのお申し込みは有効です。確定していない行は「保留」(IMPORT_CANCELLED)です。同じファイルをもう一度取り込むと残りを登録します。\n'
      : 'The import was cancelled. Applications committed stand; rows not committed are held (IMPORT_CANCELLED). Import the same file again to register the rest.\n';
  }
  if (!options.dryRun || !outcome.planId) return '';
  const again = `packreg import ${JSON.stringify(file)} --reseller ${options.reseller} --plan ${outcome.planId}`;
  return lang === 'ja'
    ? `確認結果(planId): ${outcome.planId}\nこの内容どおりに登録するには: ${again}\n`
    : `plan (planId): ${outcome.planId}\nto commit exactly this: ${again}\n`;
}

/** One line saying what to do now, so a reseller can go on without reading documentation. */
function nextStep(s: ImportSummary, lang: Lang, rejects: string | undefined, rejectedRows: number): string {
  if (s.rejected + s.held === 0) return '';
  if (rejects) {
    return lang === 'ja'
      ? `エラー・保留の ${rejectedRows} 行を ${rejects} に書き出しました。赤い欄を修正し、そのファイルをもう一度取り込んでください。\n`
      : `${rejectedRows} rejected or held rows were written to ${rejects}. Fix the red cells and import that file again.\n`;
  }
  return lang === 'ja'
    ? 'エラー・保留の行があります。--rejects 修正用.xlsx を付けて実行すると、修正して再送するためのファイルを作れます。\n'
    : 'Some rows were rejected or held. Add --rejects FIX.xlsx to get a file of those rows to fix and upload again.\n';
}
