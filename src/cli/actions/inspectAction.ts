import { formatInspectTable, inspectFile } from '../../ingest/inspectFile.js';
import { loadConfig } from '../../config.js';

interface InspectOptions {
  json?: boolean;
  limit?: number;
  sheet?: string;
  encoding: 'auto' | 'utf8' | 'cp932';
}

/**
 * `packreg inspect` (registered in commands/inspectCommand.ts). A file-level error is thrown like
 * any other: the CLI prints it, and with `--json` also `{ error: { code, message } }` on stdout.
 */
export async function inspectAction(file: string, options: InspectOptions): Promise<void> {
  const config = loadConfig();
  const result = await inspectFile(file, {
    encoding: options.encoding,
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    limits: config.limits,
  });
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatInspectTable(result));
}
