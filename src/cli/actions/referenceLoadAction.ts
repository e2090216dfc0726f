import type { Lang } from '../../domain/lang.js';
import { loadReference } from '../../reference/loadReference.js';
import { withContext } from '../withContext.js';

/** `packreg reference load DIR`: rows read and changed per file. */
export async function referenceLoadAction(dir: string, options: { json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const result = await loadReference(ctx, dir);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const ja = (options.lang ?? ctx.config.lang) === 'ja';
    for (const [file, rows] of Object.entries(result.read)) {
      const changed = String(result.changed[file.replace(/\.csv$/, '')] ?? 0).padStart(8);
      process.stdout.write(ja
        ? `${file.padEnd(20)} ${String(rows).padStart(8)} 行、追加・変更 ${changed} 行\n`
        : `${file.padEnd(20)} ${String(rows).padStart(8)} rows, ${changed} added or changed\n`);
    }
  });
}
