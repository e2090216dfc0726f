import type { Context } from '../context.js';

/** A held per-file lock; `release` is safe to call once, from a `finally`. */
export interface FileLock {
  release(): Promise<void>;
}

/** First key of the two-key advisory lock: "pack" in ASCII, so packreg's locks are recognisable. */
const LOCK_CLASS = 0x7061636b;

interface PgConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: Array<{ ok: boolean }> }>;
  /** knex's mark for a connection its pool must destroy instead of reusing. */
  __knex__disposed?: unknown;
}
interface KnexClientPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/**
 * Try to lock one inbox file (reseller + sha256) for this process; `null` when another process
 * holds it. On PostgreSQL it is a session advisory lock on a connection kept out of the pool for
 * the whole import, so the lock dies with the process: a run killed with SIGKILL frees the file
 * for the next run at once (no lease to wait out, no stale lock to guess about). A session lock
 * rather than a transaction-scoped one, because an import takes minutes and an idle transaction
 * would trip `idle_in_transaction_session_timeout` where operators set it.
 *
 * On the embedded database the process holds the whole data directory (`embeddedLock.ts`), so no
 * other process can be importing anything: nothing to lock. This is the `crossProcessLocks`
 * difference in ENGINE_PROFILES; asking for a second pool connection there would deadlock (one
 * connection only).
 */
export async function holdFileLock(ctx: Context, reseller: string, sha256: string): Promise<FileLock | null> {
  if (!ctx.db.engine.crossProcessLocks) return { release: async () => undefined };
  // knex's pool API is not typed publicly; acquire/release are stable across knex 2 and 3.
  const client = ctx.db.knex.client as unknown as KnexClientPool;
  const connection = await client.acquireConnection();
  const key = `${reseller}:${sha256}`;
  try {
    // hashtext collisions only make two different files wait for each other: the safe direction.
    const { rows } = await connection.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, key]);
    if (!rows[0]?.ok) {
      await client.releaseConnection(connection);
      return null;
    }
  } catch (error) {
    await client.releaseConnection(connection);
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        // The connection goes back to the pool: it must not carry the lock with it.
        await connection.query('select pg_advisory_unlock($1, hashtext($2)) as ok', [LOCK_CLASS, key]);
      } catch (error) {
        // Never hand a connection that may still hold the lock back to the pool: knex destroys a
        // connection marked disposed instead of reusing it, and the lock dies with its session.
        connection.__knex__disposed = error;
        ctx.log.warn({ err: error, reseller, sha256 }, 'could not unlock an inbox file; its connection is dropped');
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}
