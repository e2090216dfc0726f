import type { Context } from '../../context.js';
import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import type { ListPage } from '../../lists/pageCursor.js';
import { withContext } from '../withContext.js';

/** The options every list command shares (commands/listOptions.ts). */
export interface ListCliOptions {
  readonly reseller: string;
  readonly limit?: number;
  readonly cursor?: string;
  readonly since?: string;
  readonly until?: string;
  readonly json?: boolean;
  readonly lang?: Lang;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Run one reseller list (issue 20): the reseller must exist (RESELLER_UNKNOWN, exit 64, as for
 * `import`), then one page is printed — `{ items, nextCursor }` with `--json`, else one block per
 * item in the chosen language and, when there is more, the `--cursor` of the next page.
 */
export async function runList<T>(
  options: ListCliOptions,
  fetch: (ctx: Context, lang: Lang) => Promise<ListPage<T>>,
  format: (item: T, lang: Lang) => string,
  empty: Readonly<Record<Lang, string>>,
): Promise<void> {
  for (const [flag, value] of [['--since', options.since], ['--until', options.until]] as const) {
    if (value !== undefined && !(DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value))) {
      throw new PackregError('USAGE', { detail: { ja: `${flag} は YYYY-MM-DD の日付で指定してください`, en: `${flag} must be a date YYYY-MM-DD` } });
    }
  }
  await withContext(async (ctx) => {
    const lang = options.lang ?? ctx.config.lang;
    const known = await ctx.db.knex('resellers').where({ reseller_code: options.reseller }).first('reseller_code');
    if (!known) throw new PackregError('RESELLER_UNKNOWN', { reseller: options.reseller });
    const page = await fetch(ctx, lang);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      return;
    }
    const lines = page.items.length === 0 ? [empty[lang]] : page.items.map((item) => format(item, lang));
    if (page.nextCursor) {
      lines.push(lang === 'ja' ? `続きがあります: --cursor ${page.nextCursor}` : `More: --cursor ${page.nextCursor}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
