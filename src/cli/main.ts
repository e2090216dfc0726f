import { createRequire } from 'node:module';
import { Command, CommanderError, Help, type Option } from 'commander';
import { langOf, type Lang } from '../domain/lang.js';
import { registerApplications } from './commands/applicationsCommand.js';
import { registerChange } from './commands/changeCommand.js';
import { registerContracts } from './commands/contractsCommand.js';
import { registerImport } from './commands/importCommand.js';
import { registerImports } from './commands/importsCommand.js';
import { registerImportsCancel } from './commands/importsCancelCommand.js';
import { registerInspect } from './commands/inspectCommand.js';
import { registerLabels } from './commands/labelsCommand.js';
import { registerMapping } from './commands/mappingCommand.js';
import { registerMigrate } from './commands/migrateCommand.js';
import { registerNightly } from './commands/nightlyCommand.js';
import { registerOutbox } from './commands/outboxCommand.js';
import { registerReference } from './commands/referenceCommand.js';
import { registerReport } from './commands/reportCommand.js';
import { registerReview } from './commands/reviewCommand.js';
import { registerServe } from './commands/serveCommand.js';
import { registerStatus } from './commands/statusCommand.js';
import { registerTemplate } from './commands/templateCommand.js';
import { registerToken } from './commands/tokenCommand.js';
import { registerWebhook } from './commands/webhookCommand.js';
import { registerWorker } from './commands/workerCommand.js';
import { sayIn, type Say } from './options.js';
import { reportFailure } from './reportFailure.js';
import { usageError } from './usageError.js';

const USAGE_EXIT = 64;

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': '使い方:', 'Arguments:': '引数:', 'Options:': 'オプション:', 'Commands:': 'コマンド:', 'Global Options:': '共通オプション:',
};

/**
 * Each top-level command and what registers it (`imports` has two: list and cancel). The build
 * bundles each command apart with only its own registrations (scripts/bundleCli.mjs).
 */
export const COMMANDS: ReadonlyArray<readonly [string, (program: Command, say: Say) => void]> = [
  ['import', registerImport], ['inspect', registerInspect], ['migrate', registerMigrate], ['reference', registerReference],
  ['report', registerReport], ['template', registerTemplate], ['nightly', registerNightly], ['serve', registerServe],
  ['token', registerToken], ['worker', registerWorker], ['status', registerStatus], ['review', registerReview],
  ['change', registerChange], ['labels', registerLabels], ['outbox', registerOutbox], ['contracts', registerContracts],
  ['applications', registerApplications], ['imports', registerImports], ['imports', registerImportsCancel],
  ['mapping', registerMapping], ['webhook', registerWebhook],
];

/**
 * The program in `lang` (descriptions, help titles, defaults), no command's action loaded — each
 * action's module is imported when its command runs (lazyAction). With `only`, the name of a
 * command, that command alone is registered: building all 21 took ≈ 4 ms of every command's
 * start-up (issue 19). A name that is not a command registers all (help, suggestions).
 */
export function buildProgram(lang: Lang, only?: string): Command {
  const say = sayIn(lang);
  // dist/src/cli/ and the bundle's dist/bundle/cli/ are both three levels below package.json.
  const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
  const program = new Command('packreg')
    .description(say({
      ja: '販売店の表計算ファイル(CSV / XLSX)からサポートパックをまとめて登録する',
      en: 'Bulk registration of support packs from reseller spreadsheets (CSV / XLSX)',
    }))
    .version(version, '-V, --version', say({ ja: 'バージョンを表示する', en: 'output the version number' }))
    .helpOption('-h, --help', say({ ja: 'このコマンドの使い方を表示する', en: 'display help for command' }))
    .helpCommand('help [command]', say({ ja: 'コマンドの使い方を表示する', en: 'display help for command' }))
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // Usage errors are reported by `run` in the user's language (and as JSON with --json).
      outputError: () => undefined,
    })
    .configureHelp(lang === 'ja' ? japaneseHelp() : {});
  const named = COMMANDS.filter(([name]) => name === only);
  for (const [, register] of named.length > 0 ? named : COMMANDS) register(program, say);
  return program;
}

/** commander's own words in the help, in Japanese. */
function japaneseHelp(): Partial<Help> {
  const words = (text: string) => text.replace(/\(choices: /, '(選択肢: ').replace(/default: /, '既定: ').replace(/, 既定/, '、既定');
  return {
    styleTitle: (title: string) => TITLES[title] ?? title,
    optionDescription(this: Help, option: Option) {
      return words(Help.prototype.optionDescription.call(this, option));
    },
  };
}

/**
 * The bin's entry point: run, then exit with the command's code (SPEC §7). The bin hands over the
 * environment: the language must be known for `--help` and usage errors before the configuration
 * (src/config.ts, zod: a tenth of a second or more to load) is read — `--help` never reads it.
 */
export async function main(argv: readonly string[], env: { readonly PACKREG_LANG?: string } = {}): Promise<void> {
  process.exitCode = await run(argv, env);
}

export async function run(argv: readonly string[], env: { readonly PACKREG_LANG?: string } = {}): Promise<number> {
  const lang = languageOf(argv, env.PACKREG_LANG);
  const json = argv.slice(2).includes('--json');
  // The command is the first argument when nothing comes before it (`packreg import …`).
  const program = buildProgram(lang, argv[2]);
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
      if (error.exitCode === 0) return 0;
      return reportFailure(usageError(error), { lang, json });
    }
    return reportFailure(error, { lang, json });
  }
}

/** `--lang ja|en` anywhere on the line, else PACKREG_LANG, else Japanese (SPEC). */
function languageOf(argv: readonly string[], setting: string | undefined): Lang {
  const i = argv.indexOf('--lang');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  if (given === 'en' || given === 'ja') return given;
  return langOf(setting);
}

