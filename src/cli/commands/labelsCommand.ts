import type { Command } from 'commander';
import { exportLabels } from '../../labels/exportLabels.js';
import { withContext } from '../runCommand.js';

/** `packreg labels export PATH.csv`: pending equipment labels (機器管理ラベル) for the shipping team. */
export function registerLabels(program: Command): void {
  const labels = program.command('labels').description('equipment label shipments (機器管理ラベル)');
  labels
    .command('export')
    .description('write the pending label shipments of completed applications to a CSV (UTF-8 with BOM) and mark them exported')
    .argument('<file>', 'CSV file to write')
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const result = await exportLabels(ctx, file);
        process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${result.shipments} label shipment(s) exported to ${result.path}\n`);
      });
    });
}
