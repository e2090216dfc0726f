import pLimit from 'p-limit';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { isConnectionError } from '../db/isConnectionError.js';
import { pgTextArray } from '../db/pgTextArray.js';
import { planCommitGroups, type CommitGroup } from '../plan/planCommitGroups.js';
import { selectPendingApplications } from '../staging/sql/selectPendingApplications.js';
import { commitGroup } from './commitGroup.js';

/** A group is committed in one transaction: big enough to amortise round trips, small enough
 *  that a retry repeats little and parallel groups keep both cores busy. */
const GROUP_MAX_ROWS = 5_000;
const GROUP_MAX_APPLICATIONS = 500;
const MAX_CONFLICT_RETRIES = 5;

export interface CommitProgress {
  readonly applicationsCommitted: number;
}

/**
 * Commit every application of an import whose rows are still `valid`: groups of applications,
 * each group one transaction, run in parallel on PostgreSQL (bounded by the pool) and one at a
 * time on PGlite (one connection). Returns whether every such row is now registered by this run:
 * false when a group stopped (cancel), lost a serial to another import, or landed unseen before
 * its connection broke.
 */
export async function commitApplications(
  ctx: Context,
  importId: string,
  resellerCode: string,
  onProgress: (progress: CommitProgress) => void = () => undefined,
  /**
   * Asked once before each group (issue 20 item 4: a cancel request): true stops the import at
   * this group boundary — groups already committing finish, no further group starts.
   */
  shouldStop: () => Promise<boolean> = async () => false,
): Promise<boolean> {
  const pending = await selectPendingApplications(ctx.db.knex, importId);
  const maxApplications = ctx.hooks?.groupMaxApplications ?? GROUP_MAX_APPLICATIONS;
  const groups = planCommitGroups(pending, { maxRows: GROUP_MAX_ROWS, maxApplications });

  const limit = pLimit(ctx.db.engine.commitConcurrency(ctx.config));
  let committed = 0;
  let started = 0;
  let everyRow = true;
  const commit = async (group: CommitGroup) => {
    await ctx.hooks?.beforeCommitGroup?.(importId, started++);
    if (await shouldStop()) {
      everyRow = false;
      return;
    }
    if (!(await commitWithRetry(ctx, importId, resellerCode, group))) everyRow = false;
    committed += group.supportIds.length;
    ctx.log.info({ importId, applications: group.supportIds.length, committed }, 'applications committed');
    onProgress({ applicationsCommitted: committed });
  };
  const [first, ...rest] = groups;
  if (!first) return true;
  await commit(first);
  if (rest.length > 0) {
    // The later groups' statements join registrations and applications by id. On a new or just
    // emptied database those tables have never been analysed, and the planner then scans them
    // whole for every group — a large import turns quadratic (measured: 100k rows 8 s → 25 s).
    // One ANALYZE once they hold rows fixes the plans for the rest of the import.
    await ctx.db.knex.raw('analyze registrations, applications').catch((error: unknown) => {
      // Only the plans suffer without it; a lost connection shows up again in the commits.
      ctx.log.warn({ err: error, importId }, 'could not analyse registrations');
    });
    await Promise.all(rest.map((group) => limit(() => commit(group))));
  }
  return everyRow;
}

/** Whether the group's every valid row was registered (commitGroup), as far as is known. */
async function commitWithRetry(ctx: Context, importId: string, resellerCode: string, group: CommitGroup): Promise<boolean> {
  let connectionRetried = false;
  let skipTakenSerials = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.knex.transaction((trx) => commitGroup(trx, importId, resellerCode, group.supportIds, group.rows, skipTakenSerials));
    } catch (error) {
      const kind = classify(error);
      if (kind === 'serial-taken' && !skipTakenSerials) {
        // Another import registered one of the group's serials after pass 2 looked: run the group
        // again, skipping taken serials and judging those rows against the winner (SPEC §5).
        ctx.log.info({ importId }, 'a serial of the group was taken meanwhile, committing it again around it');
        skipTakenSerials = true;
        continue;
      }
      if (kind === 'conflict' && attempt <= MAX_CONFLICT_RETRIES) {
        ctx.log.warn({ importId, attempt, code: sqlState(error) }, 'commit conflict, retrying the group');
        continue;
      }
      if (kind === 'connection' && !connectionRetried) {
        connectionRetried = true;
        // The COMMIT may have reached the server before the connection broke: look before redoing.
        if (await landedWithRetry(ctx, importId, group.supportIds)) {
          ctx.log.warn({ importId }, 'connection lost after the commit landed');
          // Whether it registered every row is not known here: the summary reads it back.
          return false;
        }
        ctx.log.warn({ importId, err: error }, 'connection lost, retrying the group once');
        continue;
      }
      if (kind === 'connection') {
        throw new PackregError('DATABASE_UNAVAILABLE', { detail: (error as Error).message }, { cause: error });
      }
      throw error;
    }
  }
}

/**
 * A cut network breaks every pooled connection, and the pool only finds out when it uses one: the
 * look-up itself may fail on a dead connection, so try it on fresh ones a few times
 * (test/reliability/databaseFaults.test.ts) before giving up as DATABASE_UNAVAILABLE.
 */
async function landedWithRetry(ctx: Context, importId: string, group: string[]): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await landed(ctx, importId, group);
    } catch (error) {
      if (classify(error) !== 'connection') throw error;
      if (attempt >= 4) throw new PackregError('DATABASE_UNAVAILABLE', { detail: (error as Error).message }, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function landed(ctx: Context, importId: string, group: string[]): Promise<boolean> {
  const row = await ctx.db.knex('applications')
    .where({ import_id: importId })
    .whereRaw('support_id = any(cast(? as text[]))', [pgTextArray(group)])
    .first('id');
  return row !== undefined;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function classify(error: unknown): 'conflict' | 'connection' | 'serial-taken' | 'other' {
  const code = sqlState(error) ?? '';
  // unique_violation on the live-serial index (the only unique key a group's insert can break).
  if (code === '23505' && (error as { constraint?: unknown }).constraint === 'registrations_pack_serial_key') return 'serial-taken';
  // deadlock_detected, serialization_failure
  if (code === '40P01' || code === '40001') return 'conflict';
  return isConnectionError(error) ? 'connection' : 'other';
}
