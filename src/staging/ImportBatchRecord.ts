import type { Knex } from 'knex';
import type { ImportSource } from '../db/settleAbandonedImports.js';
import type { ImportSummary } from '../import.js';
import type { FileFacts } from '../ingest/types.js';

/** Where a batch is in its life (SPEC §6, §7); moved on only by the statements in `staging/sql/`. */
export type BatchStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';

/** The summary's counts, one column each (`count_rows`, …). */
export type CountColumn = `count_${keyof ImportSummary}`;

/** A row of `import_batches` as knex returns it (jsonb parsed, timestamps as Date). */
export type ImportBatchRecord = {
  id: string;
  reseller_code: string;
  file_name: string;
  sha256: string | null;
  source: ImportSource;
  options: Record<string, unknown>;
  status: BatchStatus;
  file_facts: FileFacts | null;
  progress: Record<string, unknown>;
  error_code: string | null;
  error_params: Record<string, unknown> | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  runner_key: number | null;
  runner_host: string | null;
  runner_pid: number | null;
  report_paths: string[] | null;
  interruptions: number;
} & Record<CountColumn, number>;

/** What an insert or update may set: jsonb columns take their JSON text; any column an expression. */
export type ImportBatchWrite = Partial<{
  [K in keyof ImportBatchRecord]:
    | (ImportBatchRecord[K] extends Date | null ? ImportBatchRecord[K]
        : ImportBatchRecord[K] extends object | null ? string | null
        : ImportBatchRecord[K])
    | Knex.Raw;
}>;
