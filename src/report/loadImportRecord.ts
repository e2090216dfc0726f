import type { Knex } from 'knex';
import type { FileFacts } from '../ingest/types.js';
import type { ImportSummary } from '../import.js';
import { PackregError } from '../domain/PackregError.js';

/** An import batch as reports need it. */
export interface ImportRecord {
  readonly id: string;
  readonly fileName: string;
  readonly sha256: string | null;
  readonly reseller: string;
  readonly dryRun: boolean;
  readonly atomicity: string;
  readonly options: Record<string, unknown>;
  readonly status: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly facts: FileFacts | null;
  readonly summary: ImportSummary;
  readonly error: { code: string; params: Record<string, unknown> } | null;
  /** The plan this dry run recorded, or the plan this import committed (issue 20 item 6). */
  readonly planId: string | null;
  readonly applications: ReadonlyArray<{ receiptNo: string; supportId: string; status: string; rows: number[] }>;
}

export async function loadImportRecord(knex: Knex, importId: string, resellerCode?: string): Promise<ImportRecord> {
  const q = knex('import_batches').where({ id: importId });
  if (resellerCode) q.andWhere({ reseller_code: resellerCode });
  const b = await q.first();
  if (!b) throw new PackregError('NOT_FOUND', { kind: 'import', id: importId });
  const apps = await knex('applications as a')
    .where('a.import_id', importId)
    .orderBy('a.receipt_no')
    .select(
      'a.receipt_no', 'a.support_id', 'a.status',
      knex.raw(`coalesce((select array_agg(g.source_row order by g.import_seq) from registrations g where g.application_id = a.id), '{}') as rows`),
    );
  const plan = await knex('import_plans').where({ import_id: importId }).orWhere({ committed_by: importId }).first('id');
  const count = (k: keyof ImportSummary) => Number(b[`count_${k}`] ?? 0);
  return {
    id: b.id,
    fileName: b.file_name,
    sha256: b.sha256 ? String(b.sha256).trim() : null,
    reseller: b.reseller_code,
    dryRun: Boolean(b.options?.dryRun),
    atomicity: String(b.options?.atomicity ?? 'application'),
    options: b.options ?? {},
    status: b.status,
    startedAt: b.started_at ? new Date(b.started_at).toISOString() : null,
    finishedAt: b.finished_at ? new Date(b.finished_at).toISOString() : null,
    facts: b.file_facts,
    summary: {
      rows: count('rows'), registered: count('registered'), pending_review: count('pending_review'),
      already_registered: count('already_registered'), rejected: count('rejected'), held: count('held'),
      valid: count('valid'), applications: count('applications'),
    },
    error: b.error_code ? { code: b.error_code, params: b.error_params ?? {} } : null,
    planId: plan ? String(plan.id) : null,
    applications: apps.map((a: { receipt_no: string; support_id: string; status: string; rows: number[] }) => ({
      receiptNo: a.receipt_no, supportId: a.support_id, status: a.status, rows: a.rows.map(Number),
    })),
  };
}
