import type { Knex } from 'knex';
import { settleAbandonedImports } from '../db/settleAbandonedImports.js';
import { FILE_ERRORS, fileErrorMessage, type FileErrorCode } from '../domain/fileErrors.js';
import type { Lang } from '../domain/lang.js';
import type { ImportSummary } from '../import.js';

/** `GET /v1/imports/:id` (SPEC §7): what a poller needs, in one small query. */
export interface ImportStatus {
  id: string;
  status: 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';
  fileName: string;
  dryRun: boolean;
  atomicity: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: Record<string, unknown>;
  summary: ImportSummary | null;
  error: { code: string; message: string; changes?: unknown[] } | null;
  /** A dry run's plan, or the plan this import commits (issue 20 item 6). */
  planId: string | null;
  /** A cancel was asked for and the import has not reached a commit-group boundary yet (issue 20 item 4). */
  cancelRequested: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be an import id at all (anything else is simply not found, never a 500). */
export function isImportId(id: string): boolean {
  return UUID.test(id);
}

/**
 * The status of one of `resellerCode`'s imports, or null when there is no such import *for this
 * reseller* (another reseller's import is indistinguishable from a missing one).
 */
export async function loadImportStatus(knex: Knex, id: string, resellerCode: string, lang: Lang): Promise<ImportStatus | null> {
  if (!isImportId(id)) return null;
  // A CLI or nightly import whose process died while this server runs (PostgreSQL: other
  // machines) is reported failed, IMPORT_ABANDONED, not `running` forever (SPEC §7). Uploads are
  // the queue's to settle. Best effort: the read below says whatever is there.
  await settleAbandonedImports(knex, { sources: ['cli', 'nightly'], importId: id }).catch(() => undefined);
  const b = await knex('import_batches').where({ id, reseller_code: resellerCode }).first(
    '*',
    knex.raw('(select p.id from import_plans p where p.import_id = import_batches.id or p.committed_by = import_batches.id limit 1) as plan_id'),
    knex.raw('exists (select 1 from import_cancel_requests c where c.import_id = import_batches.id) as cancel_requested'),
  );
  if (!b) return null;
  const count = (k: keyof ImportSummary) => Number(b[`count_${k}`] ?? 0);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: b.id,
    status: b.status,
    fileName: b.file_name,
    dryRun: Boolean(b.options?.dryRun),
    atomicity: String(b.options?.atomicity ?? 'application'),
    createdAt: new Date(b.created_at).toISOString(),
    startedAt: iso(b.started_at),
    finishedAt: iso(b.finished_at),
    progress: b.progress ?? {},
    summary: b.status === 'finished' || b.status === 'cancelled'
      ? {
          rows: count('rows'), registered: count('registered'), pending_review: count('pending_review'),
          already_registered: count('already_registered'), rejected: count('rejected'), held: count('held'),
          valid: count('valid'), applications: count('applications'),
        }
      : null,
    error: b.error_code
      ? {
          code: b.error_code,
          message: b.error_code in FILE_ERRORS ? fileErrorMessage(b.error_code as FileErrorCode, b.error_params ?? {}, lang) : b.error_code,
          // PLAN_CHANGED: the rows whose outcome changed since the preview (row, before, after).
          ...(Array.isArray(b.error_params?.changes) ? { changes: b.error_params.changes } : {}),
        }
      : null,
    planId: b.plan_id ? String(b.plan_id) : null,
    cancelRequested: b.status === 'running' && Boolean(b.cancel_requested),
  };
}
