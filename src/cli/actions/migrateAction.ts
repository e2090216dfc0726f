import type { Lang } from '../../domain/lang.js';
import { migrateLatest } from '../../db/migrate.js';
import { withContext } from '../withContext.js';

/** `packreg migrate`: `{ migrated: [names] }` with --json. */
export async function migrateAction(options: { json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const ran = await migrateLatest(ctx.db.knex);
    const lang = options.lang ?? ctx.config.lang;
    if (options.json) process.stdout.write(`${JSON.stringify({ migrated: ran })}\n`);
    else if (ran.length > 0) process.stdout.write(`${lang === 'ja' ? '適用しました' : 'migrated'}: ${ran.join(', ')}\n`);
    else process.stdout.write(lang === 'ja' ? 'スキーマは最新です\n' : 'schema is up to date\n');
  });
}
