import type { Knex } from 'knex';

/**
 * Who is running an import, so the next packreg process can tell a live import from an abandoned
 * one (issue 15, SPEC §7 `IMPORT_ABANDONED`), and which reports its runner was writing, so the
 * hidden temporaries of a killed run can be removed.
 *
 * - `runner_key`: the key of the runner's advisory lock (class "pkrn", see src/db/importRunner.ts),
 *   held by the process for its life; a batch whose key no session holds has lost its process.
 *   Null for batches nobody has started (an upload still queued). Batches left `running` (or a
 *   CLI/nightly batch `queued`) by earlier versions get key 0, which no runner ever holds: the
 *   next packreg process settles them as abandoned — they are the batches issue 15 found stuck.
 *   (Stop the importers of the old version before migrating, as for any release.)
 * - `runner_host`, `runner_pid`: for people, and so only a process on the same host removes
 *   the temporaries (`.NAME.PID-XXXXXXXX.tmp` beside each report path).
 * - `report_paths`: absolute report paths the runner writes after the import; null once written.
 * - `interruptions`: how often the batch lost its process and was queued again. An upload is
 *   re-queued once; one that takes its process down again is failed, never retried into a crash
 *   loop (issue 16: a workbook that ran the server out of memory, every restart).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_batches', (t) => {
    t.integer('runner_key').nullable();
    t.text('runner_host').nullable();
    t.integer('runner_pid').nullable();
    t.jsonb('report_paths').nullable();
    t.integer('interruptions').notNullable().defaultTo(0);
  });
  await knex('import_batches')
    .where((q) => q.where('status', 'running').orWhere((w) => w.where('status', 'queued').whereNot('source', 'http')))
    .update({ runner_key: 0 });
  // Every packreg process looks for its host's leftovers at start: only the few rows with paths.
  await knex.raw('create index import_batches_report_paths_idx on import_batches (runner_host) where report_paths is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index import_batches_report_paths_idx');
  await knex.schema.alterTable('import_batches', (t) => {
    t.dropColumn('interruptions');
    t.dropColumn('report_paths');
    t.dropColumn('runner_pid');
    t.dropColumn('runner_host');
    t.dropColumn('runner_key');
  });
}
