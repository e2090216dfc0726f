import type { Knex } from 'knex';
import { queueImportWebhooks } from '../outbox/queueImportWebhooks.js';
import type { Logger } from '../log.js';
import { RUNNER_LOCK_CLASS } from './importRunner.js';
import { failAbandonedBatches } from '../staging/sql/failAbandonedBatches.js';
import { forgetReportPaths } from '../staging/sql/forgetReportPaths.js';
import { requeueAbandonedBatch } from '../staging/sql/requeueAbandonedBatch.js';

export type ImportSource = 'cli' | 'nightly' | 'http';

/** How often an upload that lost its process is queued again before it is failed. */
const MAX_REQUEUES = 1;

export interface SettleOptions {
  /**
   * Whose batches to settle. `http` only by the owner of the upload queue (serve, worker, the
   * queued job itself): anyone else leaves an upload to it.
   */
  readonly sources: readonly ImportSource[];
  /** Only this batch (GET /v1/imports/:id, a job about to run it). */
  readonly importId?: string;
  /**
   * Put an abandoned upload that committed nothing back in the queue, inside the transaction
   * that sets it `queued` again (graphile-worker: add its job again). Without it, it is failed.
   */
  readonly requeue?: (trx: Knex.Transaction, importId: string) => Promise<void>;
  /** Remove the report temporaries dead runners on this host left (the CLI: every start). */
  readonly temporaries?: { readonly host: string; remove(reportPath: string, pid: number): Promise<unknown> };
}

export interface Settled {
  readonly failed: Array<{ id: string; source: ImportSource }>;
  readonly requeued: string[];
  /** Batches whose report temporaries were removed. */
  readonly cleaned: string[];
}

/**
 * The runner of batch `b` is gone: nobody holds its advisory lock in this database (see
 * importRunner.ts). `pg_locks` is read, not locked, so asking never blocks or disturbs a runner.
 * Batches without a runner key (never started, or from before migration 0007) are never "dead".
 */
const RUNNER_GONE = `b.runner_key is not null and not exists (
  select 1 from pg_locks l
   where l.locktype = 'advisory' and l.granted and l.objsubid = 2
     and l.database = (select oid from pg_database where datname = current_database())
     and l.classid = ${RUNNER_LOCK_CLASS}::int::oid and l.objid = b.runner_key::oid)`;

/**
 * SPEC §7: "An import whose process died is marked `failed` with `IMPORT_ABANDONED` by the next
 * packreg process that finds it." The one place that decides an import is abandoned and says so:
 *
 * - a CLI or nightly batch `queued` or `running` whose runner is gone → `failed`,
 *   `IMPORT_ABANDONED` (what it committed stands; the same file again completes it, SPEC §5);
 * - an upload (`http`) `running` whose runner is gone → back to `queued` when none of its
 *   applications was committed, its bytes are still stored (`requeue`) and it was not queued
 *   again before (`MAX_REQUEUES`: an upload that takes its process down every time — out of
 *   memory, issue 16 — must not be retried into a crash loop), otherwise `failed`,
 *   `IMPORT_ABANDONED`. A `queued` upload is the queue itself and is never touched;
 * - report temporaries named on a batch whose runner is gone are removed (same host only).
 *
 * Safe to run at any moment, from any process, on both engines: a live runner's batches are
 * never touched, and every write re-checks the runner inside its own statement.
 */
export async function settleAbandonedImports(knex: Knex, options: SettleOptions, log?: Logger): Promise<Settled> {
  const requeued: string[] = [];
  const only = (q: Knex.QueryBuilder) => (options.importId ? q.where('b.id', options.importId) : q);
  if (options.requeue && options.sources.includes('http')) {
    const candidates: Array<{ id: string }> = await only(knex('import_batches as b')
      .where({ 'b.source': 'http', 'b.status': 'running' })
      .whereRaw(RUNNER_GONE)
      .where('b.interruptions', '<', MAX_REQUEUES)
      .whereNotExists(knex('applications as a').whereRaw('a.import_id = b.id'))
      .whereExists(knex('upload_files as u').whereRaw('u.import_id = b.id'))
      .select('b.id'));
    for (const { id } of candidates) {
      await knex.transaction(async (trx) => {
        // Its staged rows are from the dead run; the next run stages the file again.
        if (!(await requeueAbandonedBatch(trx, id, RUNNER_GONE))) return;
        await options.requeue!(trx, id);
        requeued.push(id);
      });
    }
  }

  // With the reseller's webhook (issue 20 item 5), queued in the same transaction.
  const failed = await knex.transaction(async (trx) => {
    const rows = await failAbandonedBatches(trx, options, RUNNER_GONE);
    await queueImportWebhooks(trx, rows.map((r) => r.id));
    return rows;
  });
  for (const f of failed) log?.info({ importId: f.id, source: f.source }, 'import abandoned by a process that ended: marked failed');
  for (const id of requeued) log?.info({ importId: id }, 'upload abandoned by a process that ended: queued again');

  const cleaned: string[] = [];
  if (options.temporaries) {
    const leftovers: Array<{ id: string; runner_key: number; runner_pid: number; report_paths: string[] }> = await only(
      knex('import_batches as b').whereNotNull('b.report_paths').where('b.runner_host', options.temporaries.host).whereRaw(RUNNER_GONE)
        .select('b.id', 'b.runner_key', 'b.runner_pid', 'b.report_paths'));
    for (const batch of leftovers) {
      for (const report of batch.report_paths ?? []) {
        await options.temporaries.remove(report, batch.runner_pid)
          .catch((error: unknown) => log?.warn({ err: error, importId: batch.id, report }, 'could not remove report temporaries'));
      }
      await forgetReportPaths(knex, { runner_key: batch.runner_key }, batch.id);
      cleaned.push(batch.id);
    }
  }
  return { failed, requeued, cleaned };
}
