import { randomInt } from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from '../log.js';
import type { EngineProfile } from './engines.js';
import { forgetReportPaths } from '../staging/sql/forgetReportPaths.js';

/** First key of the runner lock: "pkrn" in ASCII (holdFileLock's files are "pack"). */
export const RUNNER_LOCK_CLASS = 0x706b726e;

/** The columns a batch carries while a runner has it (migration 0007). */
export interface RunnerColumns {
  readonly runner_key: number;
  readonly runner_host: string;
  readonly runner_pid: number;
}

/**
 * This process as the runner of imports: the liveness signal the next packreg process reads to
 * tell a live import from one whose process died (`settleAbandonedImports`, SPEC §7).
 *
 * The signal is a session advisory lock `(RUNNER_LOCK_CLASS, key)` with a random key, taken
 * before any batch names the key and held until the process ends: the server drops it when the
 * session ends, however the process ended (SIGKILL included), so "is the key held?" in
 * `pg_locks` is "is the runner alive?" with no lease or heartbeat to guess about. Per process
 * rather than per batch: one connection, not one per import, and it also covers what the process
 * does after the import (writing the reports whose temporaries it must otherwise clean up).
 *
 * PostgreSQL: the lock lives on a connection of its own beside knex's pool (a lock parked on a
 * pool connection would go back into the pool and starve the commits, see holdFileLock). If that
 * connection is lost, the lock is taken again on a new one; in between, a sweeper could take a
 * live import for dead — the price of a liveness signal that needs no clock (SECURITY.md).
 * PGlite: the one session of the process that holds the directory; the lock goes when the
 * directory is let go, and the next process to open it sees no runner alive but itself.
 */
export interface ImportRunner {
  /** Take the lock if not held yet (idempotent). Call before naming this runner on a batch. */
  hold(): Promise<void>;
  columns(): RunnerColumns;
  /** The reports this runner was writing are written (or abandoned cleanly): forget their paths. */
  forgetReportPaths(knex: Knex): Promise<void>;
  close(): Promise<void>;
}

export function makeImportRunner(engine: EngineProfile, knex: Knex, log: Logger): ImportRunner {
  let key = randomInt(1, 2 ** 31 - 1);
  const host = os.hostname();
  const pid = process.pid;
  let held: Promise<void> | null = null;
  let client: pg.Client | null = null;
  let closed = false;

  /** `tryLock(k)`: pg_try_advisory_lock(RUNNER_LOCK_CLASS, k) on the session that is to hold it. */
  const takeOn = async (tryLock: (k: number) => Promise<boolean>, keepKey: boolean) => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (await tryLock(key)) return;
      // Another live runner drew the same key: draw again, unless batches already name this one.
      if (keepKey) throw new Error(`runner lock ${key} is held by another session`);
      key = randomInt(1, 2 ** 31 - 1);
    }
    throw new Error('could not take a runner lock');
  };

  const connect = async (keepKey: boolean): Promise<void> => {
    // The settings knex was opened with (connection string, type parsers): knex keeps them on its client.
    const settings = (knex.client as { connectionSettings: pg.ClientConfig }).connectionSettings;
    // pg is loaded here, on PostgreSQL only: the embedded database never needs it (issue 19).
    const { Client } = (await import('pg')).default;
    const c = new Client({ ...settings, application_name: 'packreg-runner' });
    const lost = (error?: Error) => {
      if (closed || client !== c) return;
      log.error({ err: error, runnerKey: key }, 'import runner lock connection lost; taking the lock again');
      client = null;
      void c.end().catch(() => undefined);
      void retake();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    await c.connect();
    try {
      await takeOn(async (k) => (await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [RUNNER_LOCK_CLASS, k])).rows[0]?.ok === true, keepKey);
    } catch (error) {
      await c.end().catch(() => undefined);
      throw error;
    }
    client = c;
  };

  const retake = async () => {
    for (let wait = 500; !closed && !client; wait = Math.min(wait * 2, 10_000)) {
      await new Promise((r) => setTimeout(r, wait).unref());
      if (closed) return;
      await connect(true).then(
        () => log.warn({ runnerKey: key }, 'import runner lock taken again'),
        (error: unknown) => log.error({ err: error, runnerKey: key }, 'import runner lock not taken again yet'),
      );
    }
  };

  return {
    hold() {
      held ??= (engine.sessionLockOnOwnConnection
        ? connect(false)
        : takeOn(async (k) => {
            const result = await knex.raw('select pg_try_advisory_lock(?, ?) as ok', [RUNNER_LOCK_CLASS, k]);
            return (result.rows as Array<{ ok: boolean }>)[0]?.ok === true;
          }, false)
      ).catch((error: unknown) => {
        held = null;
        throw error;
      });
      return held;
    },
    columns: () => ({ runner_key: key, runner_host: host, runner_pid: pid }),
    async forgetReportPaths(k) {
      await forgetReportPaths(k, { runner_key: key, runner_host: host, runner_pid: pid });
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      // Ending the session drops the lock (PGlite: closing the database does).
      await c?.end().catch((error: unknown) => log.warn({ err: error }, 'could not close the import runner connection'));
    },
  };
}
