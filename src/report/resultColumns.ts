import { applicationStatusLabel } from '../domain/applicationStatus.js';
import type { RowStatus } from '../domain/Finding.js';
import type { Lang } from '../domain/lang.js';
import { RESULT_HEADERS } from '../domain/reportColumns.js';
import { renderFinding } from '../domain/rowCodes.js';
import type { ReportRow } from './readReportRows.js';

/**
 * What a reseller reads in the result column, per status (SPEC §5 statuses). The JSON report keeps
 * the status codes; CSV and XLSX are read by people, so they say it in words.
 */
export const STATUS_LABELS: Readonly<Record<RowStatus, { readonly ja: string; readonly en: string }>> = {
  registered: { ja: '登録完了', en: 'registered' },
  pending_review: { ja: '登録確認中', en: 'pending review' },
  already_registered: { ja: '登録済み(前回登録)', en: 'already registered' },
  rejected: { ja: 'エラー', en: 'rejected' },
  held: { ja: '保留', en: 'held' },
  valid: { ja: '検証OK(未登録)', en: 'valid (dry run)' },
};

/**
 * The words for a row's status. A row committed into an application still under review reads
 * 登録確認中 whether or not its own pack needed the review: nothing of that application can be
 * changed until the review ends (issue 17). A report rebuilt after the review says how it ended.
 * The status value column keeps the row's own SPEC §5 value.
 */
export function rowStatusLabel(row: Pick<ReportRow, 'status' | 'applicationStatus'>, lang: Lang): string {
  if ((row.status === 'registered' || row.status === 'pending_review') && row.applicationStatus) {
    if (row.applicationStatus === 'under_review') return STATUS_LABELS.pending_review[lang];
    if (row.applicationStatus === 'rejected') return applicationStatusLabel('rejected', lang);
    return STATUS_LABELS.registered[lang];
  }
  return STATUS_LABELS[row.status]?.[lang] ?? row.status;
}

/** Headers of the columns every CSV/XLSX report adds after the reseller's own (SPEC §6). */
export function resultHeaders(lang: Lang): readonly string[] {
  return RESULT_HEADERS[lang];
}

/** Index, within the result columns, of the status cell (in words) and of the message cells. */
export const RESULT_STATUS_INDEX = 1;
export const RESULT_RECEIPT_INDEX = 3;
export const RESULT_ERRORS_INDEX = 6;
export const RESULT_WARNINGS_INDEX = 8;

/**
 * The result cells of one row, aligned with `resultHeaders` (raw values: the writer guards them).
 * `joiner` separates several codes or messages in one cell: a line break where the cell wraps
 * (XLSX), " / " in CSV so that a record stays on one line for tools that read line by line.
 */
export function resultCells(row: ReportRow, lang: Lang, joiner: string): Array<string | number> {
  const errors = row.errors.map((f) => renderFinding(f, lang));
  const warnings = row.warnings.map((f) => renderFinding(f, lang));
  return [
    row.row,
    rowStatusLabel(row, lang),
    // The stable status value (SPEC §5), for a reseller's system to read.
    row.status,
    row.receiptNo ?? '',
    // A rejected row's computed end means nothing to the reseller: only show ends that stand.
    row.status === 'rejected' ? '' : row.serviceEnd ?? '',
    errors.map((f) => f.code).join(joiner),
    errors.map((f) => f.message).join(joiner),
    warnings.map((f) => f.code).join(joiner),
    warnings.map((f) => f.message).join(joiner),
  ];
}
