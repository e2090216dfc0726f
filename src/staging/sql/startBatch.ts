import type { Knex } from 'knex';
import type { RunnerColumns } from '../../db/importRunner.js';
import { runnerColumns } from './insertBatch.js';

/** queued (or already running: a re-queued upload) → running, under this process's runner (set before, so the batch is never unowned). */
export async function startBatch(
  db: Knex,
  importId: string,
  options: object,
  runner: RunnerColumns & { readonly reportPaths?: readonly string[] },
): Promise<boolean> {
  // Not a batch cancelled while it waited (issue 20 item 4): whether it started is returned.
  const n = await db('import_batches').where({ id: importId }).whereIn('status', ['queued', 'running'])
    .update({ status: 'running', started_at: db.fn.now(), options: JSON.stringify(options), ...runnerColumns(runner) });
  return Number(n) > 0;
}
