import type { FieldKey } from '../domain/fields.js';
import type { Finding } from '../domain/Finding.js';
import type { Lang } from '../domain/lang.js';
import { renderFinding } from '../domain/rowCodes.js';
import { addSummarySheet } from './addSummarySheet.js';
import { fieldColumns } from './fieldColumns.js';
import type { ImportRecord } from './loadImportRecord.js';
import { type CellLook, makeSheetRowWriter, type SheetRowWriter } from './makeSheetRowWriter.js';
import type { ReportRow } from './readReportRows.js';
import type { ReportSink } from './ReportSink.js';
import { addPlainRow, makeReportWorkbook } from './reportWorkbook.js';
import { fitWidth, LOOKS, styleHeaderRow } from './reportStyles.js';
import { RESULT_ERRORS_INDEX, RESULT_STATUS_INDEX, RESULT_WARNINGS_INDEX, resultCells, resultHeaders } from './resultColumns.js';

export interface XlsxReportOptions {
  readonly lang: Lang;
}

const SHEET_NAMES = { ja: '登録結果', en: 'results' } as const;

/** Rows the column widths are fitted to. */
const WIDTH_SAMPLE = 1_000;

/**
 * Cells that get a comment, at most (the first ones, in row order). exceljs writes the comments
 * (and their VML shapes, ≈ 1.5–2 KB a cell together) to zip entries that wait in memory until the
 * sheet's entry is finished: a million rejected rows would hold gigabytes. Past the limit a cell
 * is still filled, and the message is in the row's error column as on every row (docs/reports.md).
 */
export const MAX_COMMENTS = 5_000;

/**
 * The annotated XLSX report of SPEC §6, written with exceljs's streaming writer, its data rows as
 * the sheet's XML (makeSheetRowWriter; memory stays flat however long the file). Sheet 1 is the
 * reseller's sheet — their header and cells in their order, header styled, frozen and filtered —
 * with the result columns added. Cells a finding names (its `field` → the reseller's column for it) are filled red
 * (errors) or yellow (warnings) and carry a comment with the message; the status cell is red for
 * rejected, orange for held, green when registered; a finding with no column of its own (held,
 * a conditional column left out) colours the message cell instead. Sheet 2 is the summary.
 *
 * Comments go through exceljs's comments writer, which streams them to xl/commentsN.xml as rows
 * are written (read back in test/e2e/reports.test.ts). That zip entry is buffered until the sheet's
 * own entry is finished, hence MAX_COMMENTS.
 */
export function openXlsxReport(record: ImportRecord, options: XlsxReportOptions, out: NodeJS.WritableStream): ReportSink {
  const { lang } = options;
  const headers = record.facts?.headers ?? [];
  const results = resultHeaders(lang);
  const width = headers.length + results.length;
  const workbook = makeReportWorkbook(out);
  const sheetName = record.facts?.sheet ?? SHEET_NAMES[lang];
  const lineOf = (row: ReportRow) => [...headers.map((_, i) => row.cells[i] ?? ''), ...resultCells(row, lang, '\n')];
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width } };
  const columnsOf = fieldColumns(headers, record.facts?.savedAliases);
  const comments = { left: MAX_COMMENTS };
  const put = (writer: SheetRowWriter, row: ReportRow, cells: ReadonlyArray<string | number>) =>
    writer.add(cells, looksOf(row, headers.length, columnsOf, lang, comments));

  // The streaming writer needs the widths before the first row: they are fitted to the header and
  // the first rows (held meanwhile: at most WIDTH_SAMPLE rows in memory), so a receipt number or
  // an address is not clipped against the next cell (issue 17).
  const first: Array<{ row: ReportRow; cells: Array<string | number> }> = [];
  let writer: SheetRowWriter | null = null;
  const start = async (): Promise<SheetRowWriter> => {
    sheet.columns = [...headers, ...results].map((h, i) => {
      const wrapped = i === headers.length + RESULT_ERRORS_INDEX || i === headers.length + RESULT_WARNINGS_INDEX;
      return { width: wrapped ? 60 : fitWidth([h, ...first.map((f) => String(f.cells[i] ?? ''))], 8, 50) };
    });
    const header = addPlainRow(sheet, [...headers, ...results]);
    styleHeaderRow(header);
    header.commit();
    const started = makeSheetRowWriter(sheet);
    writer = started;
    for (const f of first.splice(0)) if (put(started, f.row, f.cells)) await started.flush();
    return started;
  };
  return {
    wantsRows: true,
    add(row) {
      if (writer) return put(writer, row, lineOf(row));
      first.push({ row, cells: lineOf(row) });
      return first.length >= WIDTH_SAMPLE;
    },
    async flush() {
      if (writer) await writer.flush();
      else if (first.length >= WIDTH_SAMPLE) await start();
    },
    async end() {
      await (writer ?? (await start())).flush();
      sheet.commit();
      addSummarySheet(workbook, record, lang, sheetName);
      await workbook.commit();
    },
  };
}

/** The status cell's look, by the row's status. */
const STATUS_LOOKS: Readonly<Record<ReportRow['status'], CellLook>> = {
  rejected: LOOKS.rejected,
  held: LOOKS.held,
  registered: LOOKS.ok,
  already_registered: LOOKS.ok,
  valid: LOOKS.ok,
  pending_review: LOOKS.review,
};

/** Fills and comments for one data row, by 0-based column (see openXlsxReport). */
function looksOf(
  row: ReportRow,
  resultStart: number,
  columnsOf: ReadonlyMap<FieldKey, readonly number[]>,
  lang: Lang,
  comments: { left: number },
): Map<number, CellLook> {
  const looks = new Map<number, CellLook>();
  looks.set(resultStart + RESULT_STATUS_INDEX, STATUS_LOOKS[row.status]);

  // Group messages by the reseller cell they concern: one comment per cell, errors first.
  const notes = new Map<number, { error: boolean; messages: string[] }>();
  const place = (findings: readonly Finding[], error: boolean) => {
    for (const finding of findings) {
      const rendered = renderFinding(finding, lang);
      // No column of its own (held, or a conditional column left out): the message cells say it.
      const columns = finding.field ? columnsOf.get(finding.field) ?? [] : [];
      for (const column of columns) {
        const note = notes.get(column) ?? { error, messages: [] };
        note.error ||= error;
        note.messages.push(`${rendered.code}: ${rendered.message}`);
        notes.set(column, note);
      }
    }
  };
  place(row.errors, true);
  place(row.warnings, false);
  for (const [column, note] of notes) {
    const look = note.error ? LOOKS.rejected : LOOKS.warning;
    if (comments.left > 0) {
      comments.left -= 1;
      looks.set(column, { ...look, note: note.messages.join('\n') });
    } else {
      looks.set(column, look);
    }
  }
  const errorsLook = row.status === 'rejected' ? LOOKS.wrappedRejected : row.status === 'held' ? LOOKS.wrappedHeld : LOOKS.wrapped;
  looks.set(resultStart + RESULT_ERRORS_INDEX, errorsLook);
  looks.set(resultStart + RESULT_WARNINGS_INDEX, row.warnings.length > 0 ? LOOKS.wrappedWarning : LOOKS.wrapped);
  return looks;
}
