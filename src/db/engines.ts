import type { Config } from '../config.js';

export type EngineName = 'postgres' | 'pglite';

/**
 * Every difference between PostgreSQL and embedded PGlite, as data. Code asks the profile; it
 * never compares engine names.
 */
export interface EngineProfile {
  readonly name: EngineName;
  /** Connections in the knex pool. */
  readonly poolMax: (config: Config) => number;
  /**
   * Applications committed at once. PGlite has one connection (knex-pglite forces it): a query
   * issued outside an open transaction waits for that transaction forever, so commits are serial.
   */
  readonly commitConcurrency: (config: Config) => number;
  /** The data directory may be opened by one process at a time (PGlite corrupts it otherwise). */
  readonly singleProcess: boolean;
  /** Migrate on open: the embedded database migrates itself on first use (SPEC §7). */
  readonly migrateOnOpen: boolean;
  /** pg_advisory_lock and friends work across processes (on PGlite there is only one process). */
  readonly crossProcessLocks: boolean;
  /**
   * Where a session advisory lock that must outlive every query is held (the import runner's
   * lock, `importRunner.ts`): on a connection of its own on PostgreSQL, where the pool hands
   * connections out in turn; on PGlite's one session, which lives as long as the process holds
   * the directory.
   */
  readonly sessionLockOnOwnConnection: boolean;
  /** graphile-worker (LISTEN/NOTIFY, many connections) can run on it. */
  readonly jobQueue: boolean;
  /**
   * How staged rows reach the database: one long `COPY … FROM STDIN` stream on PostgreSQL (the
   * server ingests while the importer parses the next batch); on PGlite, which has no COPY
   * protocol stream, one `COPY … FROM '/dev/blob'` per batch with the batch as the blob.
   */
  readonly bulkLoad: 'copy-stream' | 'copy-blob';
  /**
   * Rows an import validates and stages per batch (its look-ups and its share of the COPY). On
   * PostgreSQL 500: a batch's rows live until it is staged, and at 2,000 they outlived two
   * young-generation collections and were promoted (211 → 54 MB promoted, GC pauses 547 → 358 ms
   * per 200k rows; BENCHMARKS.md, eleventh round); below 1,000 the four look-up statements per
   * batch cost what the collector saved, until they became one (200k re-import: node CPU 4.20 →
   * 3.57 s at 500; nineteenth round). On PGlite 2,000: each batch's statements are parsed and
   * planned in WebAssembly on the importer's own thread, and halving the batch made a 100k import
   * ≈ 4 % slower.
   */
  readonly stagingBatchRows: number;
  /** PostgreSQL's limit on bind parameters per statement; batch sizes are derived from it. */
  readonly maxBindParameters: number;
}

export const ENGINE_PROFILES: Readonly<Record<EngineName, EngineProfile>> = {
  postgres: {
    name: 'postgres',
    poolMax: (config) => config.poolMax,
    // Keep one connection free for lookups that run beside the commits.
    commitConcurrency: (config) => Math.max(1, Math.min(config.commitConcurrency, config.poolMax - 1)),
    singleProcess: false,
    migrateOnOpen: false,
    crossProcessLocks: true,
    sessionLockOnOwnConnection: true,
    jobQueue: true,
    bulkLoad: 'copy-stream',
    stagingBatchRows: 500,
    maxBindParameters: 65_535,
  },
  pglite: {
    name: 'pglite',
    poolMax: () => 1,
    commitConcurrency: () => 1,
    singleProcess: true,
    migrateOnOpen: true,
    crossProcessLocks: false,
    sessionLockOnOwnConnection: false,
    jobQueue: false,
    bulkLoad: 'copy-blob',
    stagingBatchRows: 2_000,
    maxBindParameters: 65_535,
  },
};

/** Rows per multi-row statement so that `columns` bind parameters each stay under the limit. */
export function rowsPerStatement(engine: EngineProfile, columns: number, ceiling = 5_000): number {
  return Math.max(1, Math.min(ceiling, Math.floor(engine.maxBindParameters / columns)));
}
