import type { Knex } from 'knex';
import type { Lang } from '../domain/lang.js';
import { REJECTS_ERROR_HEADER } from '../domain/reportColumns.js';
import { renderFinding } from '../domain/rowCodes.js';
import { fieldColumns } from './fieldColumns.js';
import type { ImportRecord } from './loadImportRecord.js';
import { type CellLook, makeSheetRowWriter } from './makeSheetRowWriter.js';
import { feedReportSinks, type ReportSink } from './ReportSink.js';
import { addPlainRow, makeReportWorkbook } from './reportWorkbook.js';
import { FILLS, LOOKS, styleHeaderRow, widthFor } from './reportStyles.js';

/** Every column is text (Excel's "@"), so an edited serial or postal code stays as typed. */
const TEXT_COLUMN = { numFmt: '@' };

export interface RejectsFileOptions {
  readonly lang: Lang;
}

/**
 * The fix-and-resubmit workbook (SPEC §6 `--rejects`): only the rejected and held rows, in the
 * upload layout — the reseller's headers in their order in row 1, their cells below — plus one
 * error column ("row 13: message …"), offending cells filled red. Every column is formatted as
 * text so Excel keeps serials, postal codes and phones as typed while the reseller edits them.
 * Uploading it again after the fixes imports exactly these rows, and the error column is recognised
 * and left out. Cells are guarded like every report (SPEC §6): a cell that starts like a formula
 * keeps its text and gets Excel's quote-prefix style, so the round trip stores the original text.
 */
export function openRejectsFile(record: ImportRecord, options: RejectsFileOptions, out: NodeJS.WritableStream): ReportSink & { readonly rows: number } {
  const { lang } = options;
  const original = record.facts?.headers ?? [];
  // A rejects file uploaded again has lost its error column in the ingest (domain/reportColumns.ts),
  // so the new one is always added at the end, never a second one beside the first.
  const errorColumn = original.length;
  const headers = [...original, REJECTS_ERROR_HEADER[lang]];

  const workbook = makeReportWorkbook(out);
  const sheet = workbook.addWorksheet(record.facts?.sheet ?? 'Sheet1', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = headers.map((h, i) => ({ width: i === errorColumn ? 70 : widthFor(h), style: TEXT_COLUMN }));
  const header = addPlainRow(sheet, headers);
  styleHeaderRow(header);
  header.getCell(errorColumn + 1).fill = FILLS.rejected;
  header.commit();
  const writer = makeSheetRowWriter(sheet, headers.map(() => TEXT_COLUMN));

  const columnsOf = fieldColumns(original, record.facts?.savedAliases);
  let rows = 0;
  return {
    // A finished import's summary counts its rejected and held rows exactly (no review changes
    // them): with none there is nothing to read back (a clean million-row import's rows took 8 s
    // to read and pass over). Any other import's rows are read, whatever its counts say.
    wantsRows: !(record.status === 'finished' && record.summary.rejected + record.summary.held === 0),
    get rows() {
      return rows;
    },
    add(row) {
      if (row.status !== 'rejected' && row.status !== 'held') return false;
      const cells = headers.map((_, i) => (i === errorColumn ? '' : row.cells[i] ?? ''));
      const messages = row.errors.map((f) => renderFinding(f, lang).message);
      const prefix = lang === 'ja' ? `元の${row.row}行目: ` : `row ${row.row}: `;
      cells[errorColumn] = `${prefix}${messages.join('\n')}`;
      const looks = new Map<number, CellLook>();
      for (const finding of row.status === 'rejected' ? row.errors : []) {
        for (const column of finding.field ? columnsOf.get(finding.field) ?? [] : []) looks.set(column, LOOKS.rejected);
      }
      looks.set(errorColumn, row.status === 'rejected' ? LOOKS.wrappedRejected : LOOKS.wrappedHeld);
      rows += 1;
      return writer.add(cells, looks);
    },
    flush: writer.flush,
    async end() {
      await writer.flush();
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** Write the rejects file of an import to `out` (see openRejectsFile). */
export async function writeRejectsFile(
  knex: Knex,
  record: ImportRecord,
  options: RejectsFileOptions,
  out: NodeJS.WritableStream,
): Promise<{ rows: number }> {
  const sink = openRejectsFile(record, options, out);
  await feedReportSinks(knex, record.id, [sink]);
  return { rows: sink.rows };
}
