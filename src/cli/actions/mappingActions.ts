import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { checkMapping, headerMappings, parseMappingEntry, type HeaderMapping } from '../../settings/headerMappings.js';
import { withContext } from '../withContext.js';
import { requireReseller } from './requireReseller.js';

interface MappingOptions {
  reseller: string;
  json?: boolean;
  lang?: Lang;
}

/** `packreg mapping set --reseller CODE 'S/N=pack_serial'…`: adds (or changes) and prints the whole mapping. */
export async function mappingSetAction(entries: string[], options: MappingOptions): Promise<void> {
  // Checked before the database is opened: a typo is a usage error whatever the database.
  const mappings = entries.map((entry) => {
    const { header, key } = parseMappingEntry(entry);
    return checkMapping(header, key);
  });
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    print(await headerMappings.save(ctx.db.knex, options.reseller, mappings, false), options, options.lang ?? ctx.config.lang);
  });
}

/** `packreg mapping show --reseller CODE`. */
export async function mappingShowAction(options: MappingOptions): Promise<void> {
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    print(await headerMappings.list(ctx.db.knex, options.reseller), options, options.lang ?? ctx.config.lang);
  });
}

/** `packreg mapping remove --reseller CODE HEADER… | --all`. */
export async function mappingRemoveAction(headers: string[], options: MappingOptions & { all?: boolean }): Promise<void> {
  if (!options.all && headers.length === 0) {
    throw new PackregError('USAGE', { detail: { ja: '削除する見出しか --all を指定してください', en: 'name the headers to remove, or --all' } });
  }
  await withContext(async (ctx) => {
    await requireReseller(ctx, options.reseller);
    const removed = await headerMappings.remove(ctx.db.knex, options.reseller, options.all ? null : headers);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ removed, mappings: await headerMappings.list(ctx.db.knex, options.reseller) })}\n`);
      return;
    }
    const lang = options.lang ?? ctx.config.lang;
    process.stderr.write(lang === 'ja' ? `packreg mapping remove: ${removed} 件削除しました\n` : `packreg mapping remove: ${removed} removed\n`);
  });
}

function print(mappings: readonly HeaderMapping[], options: MappingOptions, lang: Lang): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ reseller: options.reseller, mappings })}\n`);
    return;
  }
  if (mappings.length === 0) {
    process.stdout.write(lang === 'ja' ? '(見出しの対応は保存されていません)\n' : '(no saved header mappings)\n');
    return;
  }
  const width = Math.max(...mappings.map((m) => m.header.length));
  for (const m of mappings) process.stdout.write(`${m.header.padEnd(width)}  →  ${m.key}\n`);
}
