import { formatInspectTable, inspectFile, type InspectResult } from '../../ingest/inspectFile.js';
import { loadConfig } from '../../config.js';
import type { SavedAliases } from '../../ingest/headerAliases.js';

interface InspectOptions {
  json?: boolean;
  limit?: number;
  sheet?: string;
  encoding: 'auto' | 'utf8' | 'cp932';
  reseller?: string;
}

/**
 * `packreg inspect` (registered in commands/inspectCommand.ts). A file-level error is thrown like
 * any other: the CLI prints it, and with `--json` also `{ error: { code, message } }` on stdout.
 */
export async function inspectAction(file: string, options: InspectOptions): Promise<void> {
  const inspect = (limits: ReturnType<typeof loadConfig>['limits'], aliases?: SavedAliases): Promise<InspectResult> => inspectFile(file, {
    encoding: options.encoding,
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(aliases ? { aliases } : {}),
    limits,
  });
  let result: InspectResult;
  if (options.reseller) {
    // Only with --reseller does inspect open the database: for the reseller's saved header mapping.
    const reseller = options.reseller;
    const [{ withContext }, { headerMappings }, { requireReseller }] = await Promise.all([
      import('../withContext.js'), import('../../settings/headerMappings.js'), import('./requireReseller.js'),
    ]);
    result = await withContext(async (ctx) => {
      await requireReseller(ctx, reseller);
      return inspect(ctx.config.limits, await headerMappings.load(ctx.db.knex, reseller));
    });
  } else {
    result = await inspect(loadConfig().limits);
  }
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatInspectTable(result));
}
