import type { Lang } from './lang.js';

/**
 * The headers of the columns packreg adds to the reseller's own in its reports (SPEC §6), named
 * here because two stages need them: the report writes them, and the ingest recognises them when
 * a reseller uploads a report or rejects file again, and leaves them out (no UNKNOWN_COLUMN
 * warning, not echoed): "its own result columns are recognised and ignored". None of them may
 * ever name a known upload column (test/unit/report/headersAndColumns.test.ts).
 */
export const RESULT_HEADERS: Readonly<Record<Lang, readonly string[]>> = {
  ja: ['行番号', '処理結果', '処理結果コード', '受付番号', 'サービス終了日(確定)', 'エラーコード', 'エラー内容', '警告コード', '警告内容'],
  en: ['row', 'result', 'status', 'receipt no.', 'service end (effective)', 'error codes', 'errors', 'warning codes', 'warnings'],
};

/** The result columns of packreg 0.1 reports, before the status value had its own column. */
const EARLIER_RESULT_HEADERS: ReadonlyArray<readonly string[]> = [
  ['行番号', '処理結果', '受付番号', 'サービス終了日(確定)', 'エラーコード', 'エラー内容', '警告コード', '警告内容'],
  ['row', 'result', 'receipt no.', 'service end (effective)', 'error codes', 'errors', 'warning codes', 'warnings'],
];

/** The fix-and-resubmit workbook's error column: unmistakably packreg's, so it is recognised alone. */
export const REJECTS_ERROR_HEADER: Readonly<Record<Lang, string>> = {
  ja: 'packregエラー内容(取込時は無視されます)',
  en: 'packreg errors (ignored on upload)',
};

/**
 * Indexes (0-based) of the header cells that are packreg's own report columns: the rejects file's
 * error column wherever it stands, and the result columns only as the complete run packreg writes
 * (in one language, in order, side by side) — a reseller's own column that happens to be called
 * `row` or `status` stays the reseller's.
 */
export function reportColumnIndexes(headers: readonly string[]): Set<number> {
  const found = new Set<number>();
  const trimmed = headers.map((h) => h.trim());
  trimmed.forEach((h, i) => {
    if (h === REJECTS_ERROR_HEADER.ja || h === REJECTS_ERROR_HEADER.en) found.add(i);
  });
  for (const run of [...Object.values(RESULT_HEADERS), ...EARLIER_RESULT_HEADERS]) {
    for (let start = 0; start + run.length <= trimmed.length; start += 1) {
      if (run.every((h, k) => trimmed[start + k] === h && !found.has(start + k))) {
        for (let k = 0; k < run.length; k += 1) found.add(start + k);
      }
    }
  }
  return found;
}
