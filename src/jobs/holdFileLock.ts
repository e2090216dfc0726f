import pg from 'pg';
import type { Context } from '../context.js';

/** A held per-file lock; `release` is safe to call once, from a `finally`. */
export interface FileLock {
  release(): Promise<void>;
}

/** First key of the two-key advisory lock: "pack" in ASCII, so packreg's locks are recognisable. */
const LOCK_CLASS = 0x7061636b;

/**
 * Try to lock one inbox file (reseller + sha256) for this process; `null` when another process
 * holds it. On PostgreSQL it is a session advisory lock on a connection of its own, held for the
 * whole import, so the lock dies with the process: a run killed with SIGKILL frees the file for
 * the next run at once (no lease to wait out, no stale lock to guess about). A session lock
 * rather than a transaction-scoped one, because an import takes minutes and an idle transaction
 * would trip `idle_in_transaction_session_timeout` where operators set it.
 *
 * Hazard: the connection is opened beside knex's pool, not taken from it. The import sizes its
 * commit concurrency to the pool (poolMax - 1 transactions plus one connection for lookups); a
 * lock parked on a pool connection starves that and deadlocks a small pool. Releasing is ending
 * the session, which drops the lock even if an unlock statement would have failed.
 *
 * On the embedded database the process holds the whole data directory (`embeddedLock.ts`), so no
 * other process can be importing anything: nothing to lock (`crossProcessLocks` in ENGINE_PROFILES).
 */
export async function holdFileLock(ctx: Context, reseller: string, sha256: string): Promise<FileLock | null> {
  if (!ctx.db.engine.crossProcessLocks) return { release: async () => undefined };
  // The settings knex was opened with (connection string, type parsers): knex keeps them on its client.
  const settings = (ctx.db.knex.client as { connectionSettings: pg.ClientConfig }).connectionSettings;
  const client = new pg.Client({ ...settings, application_name: 'packreg-file-lock' });
  client.on('error', (error) => ctx.log.warn({ err: error, reseller, sha256 }, 'inbox file lock connection lost'));
  await client.connect();
  let ok = false;
  try {
    // hashtext collisions only make two different files wait for each other: the safe direction.
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, `${reseller}:${sha256}`]);
    ok = rows[0]?.ok === true;
  } finally {
    if (!ok) await client.end().catch(() => undefined);
  }
  if (!ok) return null;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.end().catch((error: unknown) => ctx.log.warn({ err: error, reseller, sha256 }, 'could not close an inbox file lock connection'));
    },
  };
}
