import type { Knex } from 'knex';
import type { RunnerColumns } from '../../db/importRunner.js';
import { runnerColumns } from './insertBatch.js';

/** queued → running, under this process's runner (set before, so the batch is never unowned). */
export async function startBatch(
  db: Knex,
  importId: string,
  options: object,
  runner: RunnerColumns & { readonly reportPaths?: readonly string[] },
): Promise<void> {
  await db('import_batches').where({ id: importId })
    .update({ status: 'running', started_at: db.fn.now(), options: JSON.stringify(options), ...runnerColumns(runner) });
}
