import type { Knex } from 'knex';
import type { RunnerColumns } from '../../db/importRunner.js';

/**
 * The reports a runner was writing are written (or their temporaries removed): forget their
 * paths. `batchId`: only that batch (a dead runner's leftovers, cleaned by someone else).
 */
export async function forgetReportPaths(db: Knex, runner: Partial<RunnerColumns>, batchId?: string): Promise<void> {
  const q = db('import_batches').whereNotNull('report_paths');
  if (batchId) q.where({ id: batchId });
  if (runner.runner_key !== undefined) q.where({ runner_key: runner.runner_key });
  if (runner.runner_host !== undefined) q.where({ runner_host: runner.runner_host });
  if (runner.runner_pid !== undefined) q.where({ runner_pid: runner.runner_pid });
  await q.update({ report_paths: null });
}
