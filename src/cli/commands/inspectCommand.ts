import { Command, Option } from 'commander';
import { PackregError } from '../../domain/PackregError.js';
import { exitCodeOf } from '../../domain/fileErrors.js';
import { formatInspectTable, inspectFile } from '../../ingest/inspectFile.js';
import { commandEnv, ExitRequest } from '../runCommand.js';
import { langOption, parsePositiveInt } from '../options.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('show what packreg reads from a file (type, encoding, header, mapping, normalised rows), without a database')
    .argument('<file>', 'CSV, TSV or XLSX file')
    .option('--json', 'print JSON (SPEC §7) instead of a table')
    .option('--limit <n>', 'show at most N data rows', parsePositiveInt)
    .option('--sheet <name>', 'worksheet to read (XLSX)')
    .addOption(new Option('--encoding <encoding>', 'text encoding').choices(['auto', 'utf8', 'cp932']).default('auto'))
    .addOption(langOption())
    .action(async (file: string, options: { json?: boolean; limit?: number; sheet?: string; encoding: 'auto' | 'utf8' | 'cp932'; lang?: 'ja' | 'en' }) => {
      const { config } = commandEnv();
      const lang = options.lang ?? config.lang;
      try {
        const result = await inspectFile(file, {
          encoding: options.encoding,
          ...(options.sheet ? { sheet: options.sheet } : {}),
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
          limits: config.limits,
        });
        process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatInspectTable(result));
      } catch (error) {
        if (!(error instanceof PackregError)) throw error;
        const body = { error: { code: error.code, message: error.messageIn(lang) } };
        if (options.json) process.stdout.write(`${JSON.stringify(body)}\n`);
        else process.stderr.write(`packreg: ${error.code}: ${body.error.message}\n`);
        throw new ExitRequest(exitCodeOf(error.code));
      }
    });
}
