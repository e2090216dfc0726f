import os from 'node:os';
import type { Knex } from 'knex';

/** A row of `nightly_files` (migration 0003): what became of one file's bytes for one reseller. */
export interface LedgerEntry {
  readonly status: 'running' | 'done' | 'failed';
  readonly importId: string | null;
  readonly fileName: string;
  readonly error: { code: string; params: Record<string, unknown> } | null;
  readonly attempts: number;
}

/** Who claimed a file, for people reading the ledger after a crash. */
const CLAIMANT = `${os.hostname()}:${process.pid}`;

/**
 * The nightly ledger's operations. Callers hold the file's lock (`holdFileLock`) around every
 * call, so a read followed by a write cannot interleave with another run on the same file.
 */
export const nightlyLedger = {
  async read(knex: Knex, reseller: string, sha256: string): Promise<LedgerEntry | null> {
    const row = await knex('nightly_files').where({ reseller_code: reseller, sha256 }).first();
    if (!row) return null;
    return {
      status: row.status,
      importId: row.import_id,
      fileName: row.file_name,
      error: row.error_code ? { code: row.error_code, params: row.error_params ?? {} } : null,
      attempts: row.attempts,
    };
  },

  /** Claim the file for an import batch: a new row, or a stale `running` one taken over. */
  async claim(knex: Knex, reseller: string, sha256: string, fileName: string, importId: string): Promise<void> {
    await knex('nightly_files')
      .insert({
        reseller_code: reseller, sha256, file_name: fileName, status: 'running', import_id: importId,
        attempts: 1, claimed_by: CLAIMANT, claimed_at: knex.fn.now(),
      })
      .onConflict(['reseller_code', 'sha256'])
      .merge({
        status: 'running', import_id: importId, claimed_by: CLAIMANT, claimed_at: knex.fn.now(),
        attempts: knex.raw('nightly_files.attempts + 1'), error_code: null, error_params: null,
      });
  },

  async finish(knex: Knex, reseller: string, sha256: string, error: LedgerEntry['error'] = null): Promise<void> {
    await knex('nightly_files').where({ reseller_code: reseller, sha256 }).update({
      status: error ? 'failed' : 'done',
      error_code: error?.code ?? null,
      error_params: error ? JSON.stringify(error.params) : null,
      finished_at: knex.fn.now(),
    });
  },
};
