import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.js';
import type { Lang } from '../domain/lang.js';
import { registerImport } from './commands/importCommand.js';
import { registerInspect } from './commands/inspectCommand.js';
import { registerMigrate } from './commands/migrateCommand.js';
import { registerNightly } from './commands/nightlyCommand.js';
import { registerReference } from './commands/referenceCommand.js';
import { registerServe } from './commands/serveCommand.js';
import { registerToken } from './commands/tokenCommand.js';
import { registerWorker } from './commands/workerCommand.js';
import { registerReport } from './commands/reportCommand.js';
import { registerTemplate } from './commands/templateCommand.js';
import { registerChange } from './commands/changeCommand.js';
import { registerLabels } from './commands/labelsCommand.js';
import { registerOutbox } from './commands/outboxCommand.js';
import { registerReview } from './commands/reviewCommand.js';
import { registerStatus } from './commands/statusCommand.js';
import { reportFailure } from './runCommand.js';

const USAGE_EXIT = 64;

export function buildProgram(): Command {
  const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
  const program = new Command('packreg')
    .description('Bulk registration of support packs from reseller spreadsheets (CSV / XLSX)')
    .version(version, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerImport(program);
  registerInspect(program);
  registerMigrate(program);
  registerReference(program);
  registerReport(program);
  registerTemplate(program);
  registerNightly(program);
  registerServe(program);
  registerToken(program);
  registerWorker(program);
  registerStatus(program);
  registerReview(program);
  registerChange(program);
  registerLabels(program);
  registerOutbox(program);
  for (const command of program.commands) exitOverrideDeep(command);
  return program;
}

function exitOverrideDeep(command: Command): void {
  command.exitOverride().showHelpAfterError();
  for (const sub of command.commands) exitOverrideDeep(sub);
}

/** The bin's entry point: run, then exit with the command's code (SPEC §7). */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}

export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return USAGE_EXIT;
    }
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; everything else commander rejects is usage.
      return error.exitCode === 0 ? 0 : USAGE_EXIT;
    }
    return reportFailure(error, languageOf(argv));
  }
}

function languageOf(argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  if (given === 'en' || given === 'ja') return given;
  try {
    return loadConfig().lang;
  } catch {
    return 'ja';
  }
}
