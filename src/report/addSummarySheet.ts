import type ExcelJS from 'exceljs';
import { tokyoTime } from '../clock.js';
import { applicationStatusLabel } from '../domain/applicationStatus.js';
import { ROW_STATUSES } from '../domain/Finding.js';
import type { Lang } from '../domain/lang.js';
import { renderFinding } from '../domain/rowCodes.js';
import type { ImportRecord } from './loadImportRecord.js';
import { addPlainRow } from './reportWorkbook.js';
import { HEADER_FONT, styleHeaderRow } from './reportStyles.js';
import { STATUS_LABELS } from './resultColumns.js';

/** Encodings by the names office software shows (the same in both languages). */
const ENCODING_NAMES: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', cp932: 'Shift_JIS (CP932)',
};

const T = {
  ja: {
    sheet: '概要', file: 'ファイル名', sha256: 'SHA-256', reseller: '販売店コード', importId: '取込ID',
    dryRun: 'ドライラン(登録なし)', atomicity: '登録単位', sheetName: 'シート', headerRow: '見出し行',
    encoding: '文字コード', startedAt: '開始', finishedAt: '終了', seconds: '所要時間(秒)',
    counts: '件数', status: '処理結果', code: 'コード', rows: '行数', total: '合計', applications: 'お申し込み(受付番号)',
    receiptNo: '受付番号', supportId: 'サポートID', appStatus: '状態', appRows: '行番号', fileWarnings: 'ファイルの警告',
    yes: 'はい', no: 'いいえ',
    atomicities: { row: '行ごと', application: 'お申し込み(サポートID)ごと', file: 'ファイル全体' } as Record<string, string>,
  },
  en: {
    sheet: 'summary', file: 'file', sha256: 'SHA-256', reseller: 'reseller', importId: 'import ID',
    dryRun: 'dry run (nothing committed)', atomicity: 'atomicity', sheetName: 'sheet', headerRow: 'header row',
    encoding: 'encoding', startedAt: 'started', finishedAt: 'finished', seconds: 'duration (s)',
    counts: 'counts', status: 'result', code: 'code', rows: 'rows', total: 'total', applications: 'applications (receipt numbers)',
    receiptNo: 'receipt no.', supportId: 'support ID', appStatus: 'status', appRows: 'rows', fileWarnings: 'file warnings',
    yes: 'yes', no: 'no',
    atomicities: { row: 'each row', application: 'each application (support ID)', file: 'the whole file' } as Record<string, string>,
  },
} as const;

/**
 * The XLSX report's summary sheet: the file and its sha256, the options, timings, counts by status,
 * file warnings and every committed application with its receipt number and row numbers, every
 * value in `lang` (the status code column keeps the stable values of SPEC §5), times in
 * Asia/Tokyo. Named
 * 概要/summary, or with a suffix when the reseller's own sheet already has that name.
 */
export function addSummarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, record: ImportRecord, lang: Lang, taken: string): void {
  const t = T[lang];
  const sheet = workbook.addWorksheet(t.sheet === taken ? `${t.sheet} (packreg)` : t.sheet);
  sheet.columns = [{ width: 28 }, { width: 24 }, { width: 14 }, { width: 40 }];
  const add = (values: unknown[], bold = false) => {
    const row = addPlainRow(sheet, values);
    if (bold) row.font = HEADER_FONT;
    row.commit();
  };
  const seconds = record.startedAt && record.finishedAt
    ? (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000 : '';
  const facts = record.facts;
  for (const [label, value] of [
    [t.file, record.fileName], [t.sha256, record.sha256 ?? ''], [t.reseller, record.reseller], [t.importId, record.id],
    [t.dryRun, record.dryRun ? t.yes : t.no], [t.atomicity, t.atomicities[record.atomicity] ?? record.atomicity],
    [t.sheetName, facts?.sheet ?? ''], [t.headerRow, facts?.headerRow ?? ''],
    [t.encoding, facts?.encoding ? ENCODING_NAMES[facts.encoding] ?? facts.encoding : ''],
    // In the portal's time zone, like the receipt numbers' dates.
    [t.startedAt, record.startedAt ? tokyoTime(record.startedAt, { seconds: true }) : ''],
    [t.finishedAt, record.finishedAt ? tokyoTime(record.finishedAt, { seconds: true }) : ''], [t.seconds, seconds],
  ] as const) {
    add([label, value]);
  }
  add([]);
  const countsHeader = addPlainRow(sheet, [t.status, t.code, t.rows]);
  styleHeaderRow(countsHeader);
  countsHeader.commit();
  for (const status of ROW_STATUSES) add([STATUS_LABELS[status][lang], status, record.summary[status]]);
  add([t.total, '', record.summary.rows], true);
  add([t.applications, '', record.summary.applications], true);

  const warnings = facts?.fileWarnings ?? [];
  if (warnings.length > 0) {
    add([]);
    add([t.fileWarnings], true);
    for (const w of warnings) {
      const { code, message } = renderFinding({ code: w.code, field: null, params: w.params }, lang);
      add([code, message]);
    }
  }
  add([]);
  const appsHeader = addPlainRow(sheet, [t.receiptNo, t.supportId, t.appStatus, t.appRows]);
  styleHeaderRow(appsHeader);
  appsHeader.commit();
  for (const app of record.applications) add([app.receiptNo, app.supportId, applicationStatusLabel(app.status, lang), app.rows.join(', ')]);
  sheet.commit();
}
