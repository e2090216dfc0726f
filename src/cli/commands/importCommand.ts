import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { Command, Option } from 'commander';
import type { Context } from '../../context.js';
import { exitCodeOf } from '../../domain/fileErrors.js';
import { PackregError } from '../../domain/PackregError.js';
import type { Lang } from '../../domain/lang.js';
import { importFile, type ImportSummary } from '../../import.js';
import type { Atomicity } from '../../plan/applyAtomicity.js';
import { loadImportRecord } from '../../report/loadImportRecord.js';
import { writeJsonReport } from '../../report/writeJsonReport.js';
import { ExitRequest, withContext } from '../runCommand.js';
import { langOption } from '../options.js';

interface ImportOptions {
  reseller: string;
  report: string[];
  rejects?: string;
  dryRun?: boolean;
  atomicity: Atomicity;
  sheet?: string;
  encoding: 'auto' | 'utf8' | 'cp932';
  reportEncoding: 'utf8' | 'cp932';
  lang?: Lang;
  quiet?: boolean;
  json?: boolean;
}

const REPORT_FORMATS = ['.json'];

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('validate a reseller file, commit one application per support ID, and report every row')
    .argument('<file>', 'CSV, TSV or XLSX file')
    .requiredOption('--reseller <code>', 'reseller code the file belongs to')
    .option('--report <path>', 'write a report (.json); repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('--rejects <path>', 'write the rejected and held rows for fixing (.xlsx)')
    .option('--dry-run', 'validate everything, commit nothing')
    .addOption(new Option('--atomicity <mode>', 'what a rejected row holds back').choices(['row', 'application', 'file']).default('application'))
    .option('--sheet <name>', 'worksheet to read (XLSX)')
    .addOption(new Option('--encoding <encoding>', 'text encoding of a CSV').choices(['auto', 'utf8', 'cp932']).default('auto'))
    .addOption(new Option('--report-encoding <encoding>', 'encoding of CSV reports').choices(['utf8', 'cp932']).default('utf8'))
    .addOption(langOption())
    .option('--quiet', 'no progress, no summary')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ImportOptions) => {
      for (const report of options.report) {
        if (!REPORT_FORMATS.includes(path.extname(report).toLowerCase())) {
          throw new PackregError('USAGE', { detail: `report format of ${report} is not supported (use ${REPORT_FORMATS.join(', ')})` });
        }
      }
      await withContext(async (ctx) => {
        const lang = options.lang ?? ctx.config.lang;
        try {
          const outcome = await importFile(ctx, {
            path: file,
            resellerCode: options.reseller,
            dryRun: options.dryRun ?? false,
            atomicity: options.atomicity,
            encoding: options.encoding,
            ...(options.sheet ? { sheet: options.sheet } : {}),
          });
          const record = await loadImportRecord(ctx.db.knex, outcome.importId);
          for (const report of options.report) await writeReport(ctx, report, lang, (out) => writeJsonReport(ctx.db.knex, record, lang, out));
          if (!options.quiet || options.json) printSummary(outcome.importId, outcome.summary, options.json ?? false);
          const incomplete = outcome.summary.rejected + outcome.summary.held > 0;
          if (incomplete) throw new ExitRequest(1);
        } catch (error) {
          if (error instanceof PackregError && exitCodeOf(error.code) === 2) {
            const body = JSON.stringify({ error: { code: error.code, message: error.messageIn(lang) } });
            for (const report of options.report) await fs.promises.writeFile(report, `${body}\n`);
          }
          throw error;
        }
      });
    });
}

async function writeReport(
  _ctx: Context,
  file: string,
  _lang: Lang,
  write: (out: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  const out = fs.createWriteStream(file);
  await write(out);
  out.end();
  await finished(out);
}

function printSummary(importId: string, s: ImportSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ importId, summary: s })}\n`);
    return;
  }
  const lines = [
    `import ${importId}`,
    `rows                ${s.rows}`,
    `registered          ${s.registered}`,
    `pending_review      ${s.pending_review}`,
    `already_registered  ${s.already_registered}`,
    `valid (dry run)     ${s.valid}`,
    `held                ${s.held}`,
    `rejected            ${s.rejected}`,
    `applications        ${s.applications}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
