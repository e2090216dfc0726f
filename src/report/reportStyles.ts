import type ExcelJS from 'exceljs';
import type { CellLook } from './makeSheetRowWriter.js';

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/**
 * Fills and fonts shared by the XLSX report, the rejects file and the template. Constants, so
 * exceljs's style table stays a handful of entries however many rows are written.
 */
export const FILLS = {
  header: solid('FFDDEBF7'),
  rejected: solid('FFFFC7CE'),
  held: solid('FFFFD8A8'),
  warning: solid('FFFFF2A8'),
  ok: solid('FFC6EFCE'),
  review: solid('FFDDEBF7'),
} as const;

export const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };
export const HEADER_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF7F7F7F' } } };
export const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

/**
 * The looks of report and rejects-file data cells (makeSheetRowWriter), one object per look: the
 * writer's style cache goes by the identities of their parts.
 */
export const LOOKS = {
  rejected: { fill: FILLS.rejected },
  held: { fill: FILLS.held },
  warning: { fill: FILLS.warning },
  ok: { fill: FILLS.ok },
  review: { fill: FILLS.review },
  wrapped: { alignment: WRAP },
  wrappedRejected: { alignment: WRAP, fill: FILLS.rejected },
  wrappedHeld: { alignment: WRAP, fill: FILLS.held },
  wrappedWarning: { alignment: WRAP, fill: FILLS.warning },
} as const satisfies Record<string, CellLook>;

/** A column width (in characters) that fits a header: CJK characters count double. */
export function widthFor(text: string, min = 10, max = 40): number {
  return fitWidth([text], min, max);
}

/**
 * A column width (in Excel's characters) that fits the longest line of `texts`, with a little
 * room: full-width characters count double, as Excel draws them. Between `min` and `max`.
 */
export function fitWidth(texts: Iterable<string>, min: number, max: number): number {
  let widest = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      let width = 0;
      for (const ch of line) width += /[\u1100-\uFFFF]/.test(ch) && !/[\uFF61-\uFF9F]/.test(ch) ? 2 : 1;
      widest = Math.max(widest, width);
    }
  }
  return Math.min(max, Math.max(min, widest + 2));
}

/** Style a header row (bold, tinted, bottom border), the same in every workbook packreg writes. */
export function styleHeaderRow(row: ExcelJS.Row): void {
  row.eachCell({ includeEmpty: false }, (cell) => {
    cell.font = HEADER_FONT;
    cell.fill = FILLS.header;
    cell.border = HEADER_BORDER;
    cell.alignment = { vertical: 'middle' };
  });
}
