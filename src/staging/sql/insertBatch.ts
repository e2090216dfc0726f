import type { Knex } from 'knex';
import type { ImportSource } from '../../db/settleAbandonedImports.js';
import type { RunnerColumns } from '../../db/importRunner.js';

export interface NewBatch {
  readonly resellerCode: string;
  readonly fileName: string;
  readonly source: ImportSource;
  readonly options: object;
  /** The runner that starts it now (CLI); none for an upload that waits in the queue. */
  readonly runner?: RunnerColumns & { readonly reportPaths?: readonly string[] };
}

/**
 * A new batch (lifecycle: docs/staging.md), `queued`; or, when its runner starts it right away (the
 * CLI), `running` from the start — one write instead of an insert and `startBatch`. Returns its id.
 */
export async function insertBatch(db: Knex, batch: NewBatch): Promise<string> {
  const [row] = await db('import_batches')
    .insert({
      reseller_code: batch.resellerCode,
      file_name: batch.fileName,
      source: batch.source,
      options: JSON.stringify(batch.options),
      ...(batch.runner ? { status: 'running', started_at: db.fn.now(), ...runnerColumns(batch.runner) } : { status: 'queued' }),
    })
    .returning('id');
  return String((row as { id: string }).id);
}

export function runnerColumns(runner: RunnerColumns & { readonly reportPaths?: readonly string[] }) {
  return {
    runner_key: runner.runner_key,
    runner_host: runner.runner_host,
    runner_pid: runner.runner_pid,
    // No reports asked for, no paths: `report_paths is not null` is what a later process's start
    // looks for to clean a dead runner's temporaries.
    ...(runner.reportPaths?.length ? { report_paths: JSON.stringify(runner.reportPaths) } : {}),
  };
}
