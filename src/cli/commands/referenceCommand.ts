import type { Command } from 'commander';
import { loadReference } from '../../reference/loadReference.js';
import { withContext } from '../runCommand.js';

export function registerReference(program: Command): void {
  const reference = program.command('reference').description('reference data the vendor owns (SPEC §2)');
  reference
    .command('load')
    .description('load resellers, contracts, service users, products, pack models and pack serials from DIR (idempotent upsert, one transaction)')
    .argument('<dir>', 'folder holding the six reference CSV files')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const result = await loadReference(ctx, dir);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        for (const [file, rows] of Object.entries(result.read)) {
          const table = file.replace(/\.csv$/, '');
          process.stdout.write(`${file.padEnd(20)} ${String(rows).padStart(8)} rows, ${String(result.changed[table] ?? 0).padStart(8)} added or changed\n`);
        }
      });
    });
}
