import type { Knex } from 'knex';
import { tokyoDayStart, tokyoIso } from '../clock.js';
import { FILE_ERRORS, fileErrorMessage, type FileErrorCode } from '../domain/fileErrors.js';
import type { Lang } from '../domain/lang.js';
import type { ImportSummary } from '../import.js';
import { CURSOR_KEYS, pageCursor, pageLimit, toPage, type ListPage } from './pageCursor.js';

export interface ImportListQuery {
  readonly resellerCode: string;
  readonly status?: string;
  /** A calendar date (YYYY-MM-DD) in Asia/Tokyo: imports created that day or later. */
  readonly since?: string;
  readonly limit?: number;
  readonly cursor?: string;
  /** Language of a failed import's error message. */
  readonly lang: Lang;
}

/** Where an import's status and reports are (the HTTP routes; the CLI has `packreg report ID`). */
export interface ImportLinks {
  readonly status: string;
  readonly reportJson: string | null;
  readonly reportCsv: string | null;
  readonly reportXlsx: string | null;
  readonly rejects: string | null;
}

export interface ImportListItem {
  readonly id: string;
  readonly fileName: string;
  readonly source: 'cli' | 'http' | 'nightly';
  readonly status: string;
  readonly dryRun: boolean;
  readonly summary: ImportSummary | null;
  readonly error: { code: string; message: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly links: ImportLinks;
}

const COUNTS = ['rows', 'registered', 'pending_review', 'already_registered', 'rejected', 'held', 'valid', 'applications'] as const;

/**
 * Import history (issue 20 item 3, SPEC §7 `imports list`, `GET /v1/imports`): every import of
 * the reseller — CLI, upload or nightly — newest first, a page at a time, with its counts and the
 * routes of its reports (reports exist once an import has finished or failed).
 */
export async function listImports(knex: Knex, query: ImportListQuery): Promise<ListPage<ImportListItem>> {
  const limit = pageLimit(query.limit);
  const after = pageCursor.decode('imports', query.cursor, CURSOR_KEYS.uuid);
  const q = knex('import_batches as b')
    .where('b.reseller_code', query.resellerCode)
    .orderBy([{ column: 'b.created_at', order: 'desc' }, { column: 'b.id', order: 'desc' }])
    .limit(limit + 1)
    .select('b.id', 'b.file_name', 'b.source', 'b.status', 'b.options', 'b.error_code', 'b.error_params', 'b.created_at', 'b.started_at',
      'b.finished_at', ...COUNTS.map((c) => `b.count_${c}`));
  if (query.status) q.where('b.status', query.status);
  if (query.since) q.where('b.created_at', '>=', tokyoDayStart(query.since));
  if (after !== null) {
    q.whereRaw('(b.created_at, b.id) < (select p.created_at, p.id from import_batches p where p.id = ? and p.reseller_code = ?)', [after, query.resellerCode]);
  }
  const rows: Record<string, unknown>[] = await q;
  return toPage(rows, limit, 'imports', (r) => String(r.id), (r) => toItem(r, query.lang));
}

function toItem(r: Record<string, unknown>, lang: Lang): ImportListItem {
  const id = String(r.id);
  const status = String(r.status);
  const done = status === 'finished' || status === 'failed';
  const base = `/v1/imports/${id}`;
  const errorCode = r.error_code ? String(r.error_code) : null;
  const at = (v: unknown) => (v ? tokyoIso(v as Date) : null);
  return {
    id,
    fileName: String(r.file_name),
    source: r.source as ImportListItem['source'],
    status,
    dryRun: Boolean((r.options as { dryRun?: boolean } | null)?.dryRun),
    summary: status === 'finished'
      ? Object.fromEntries(COUNTS.map((c) => [c, Number(r[`count_${c}`] ?? 0)])) as unknown as ImportSummary
      : null,
    error: errorCode
      ? { code: errorCode, message: errorCode in FILE_ERRORS ? fileErrorMessage(errorCode as FileErrorCode, (r.error_params ?? {}) as Record<string, unknown>, lang) : errorCode }
      : null,
    createdAt: tokyoIso(r.created_at as Date),
    startedAt: at(r.started_at),
    finishedAt: at(r.finished_at),
    links: {
      status: base,
      reportJson: done ? `${base}/report.json` : null,
      reportCsv: done ? `${base}/report.csv` : null,
      reportXlsx: done ? `${base}/report.xlsx` : null,
      rejects: done ? `${base}/rejects.xlsx` : null,
    },
  };
}
