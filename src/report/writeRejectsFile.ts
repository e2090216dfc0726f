import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { Lang } from '../domain/lang.js';
import { renderFinding } from '../domain/rowCodes.js';
import { fieldColumns } from './fieldColumns.js';
import type { ImportRecord } from './loadImportRecord.js';
import { neutraliseCell } from './neutraliseCell.js';
import { readReportRows } from './readReportRows.js';
import { FILLS, styleHeaderRow, WRAP, widthFor } from './reportStyles.js';

/**
 * Header of the error column. It must never name a known column (test/unit/report checks it with
 * the ingest's own header rules): on re-upload it is an UNKNOWN_COLUMN file warning and its text
 * is echoed, never validated.
 */
export const REJECTS_ERROR_HEADER = { ja: 'packregエラー内容(取込時は無視されます)', en: 'packreg errors (ignored on upload)' } as const;
const ALL_ERROR_HEADERS: ReadonlySet<string> = new Set(Object.values(REJECTS_ERROR_HEADER));

export interface RejectsFileOptions {
  readonly lang: Lang;
}

/**
 * The fix-and-resubmit workbook (SPEC §6 `--rejects`): only the rejected and held rows, in the
 * upload layout — the reseller's headers in their order in row 1, their cells below — plus one
 * error column ("row 13: message …"), offending cells filled red. Every column is formatted as
 * text so Excel keeps serials, postal codes and phones as typed while the reseller edits them.
 * Uploading it again after the fixes imports exactly these rows. When the reseller uploads a
 * rejects file and gets another one back, the existing error column is reused, not duplicated.
 * Cells are neutralised like every report (SPEC §6): a free-text cell that started like a formula
 * comes back with a leading apostrophe.
 */
export async function writeRejectsFile(
  knex: Knex,
  record: ImportRecord,
  options: RejectsFileOptions,
  out: NodeJS.WritableStream,
): Promise<{ rows: number }> {
  const { lang } = options;
  const original = record.facts?.headers ?? [];
  const existing = original.findIndex((h) => ALL_ERROR_HEADERS.has(h));
  const errorColumn = existing >= 0 ? existing : original.length;
  const headers = [...original];
  headers[errorColumn] = REJECTS_ERROR_HEADER[lang];

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(record.facts?.sheet ?? 'Sheet1', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = headers.map((h, i) => ({
    width: i === errorColumn ? 70 : widthFor(h),
    style: { numFmt: '@' },
  }));
  const header = sheet.addRow(headers.map(neutraliseCell));
  styleHeaderRow(header);
  header.getCell(errorColumn + 1).fill = FILLS.rejected;
  header.commit();

  const columnsOf = fieldColumns(original);
  let rows = 0;
  for await (const row of readReportRows(knex, record.id)) {
    if (row.status !== 'rejected' && row.status !== 'held') continue;
    const cells = headers.map((_, i) => (i === errorColumn ? '' : row.cells[i] ?? ''));
    const messages = row.errors.map((f) => renderFinding(f, lang).message);
    const prefix = lang === 'ja' ? `元の${row.row}行目: ` : `row ${row.row}: `;
    cells[errorColumn] = `${prefix}${messages.join('\n')}`;
    const line = sheet.addRow(cells.map(neutraliseCell));
    for (const finding of row.status === 'rejected' ? row.errors : []) {
      for (const column of finding.field ? columnsOf.get(finding.field) ?? [] : []) {
        line.getCell(column + 1).fill = FILLS.rejected;
      }
    }
    const errorCell = line.getCell(errorColumn + 1);
    errorCell.alignment = WRAP;
    errorCell.fill = row.status === 'rejected' ? FILLS.rejected : FILLS.held;
    line.commit();
    rows += 1;
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}
