import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Limits } from '../config.js';
import { PackregError } from '../domain/PackregError.js';
import { checkZipInflation } from './checkZipInflation.js';
import type { GridRow } from './GridRow.js';
import { makeWorkbookReader, type RowLike, type WorksheetReaderLike } from './makeWorkbookReader.js';
import { readWorkbookInfo, type SheetInfo } from './readWorkbookInfo.js';
import { readZipDirectory } from './readZipDirectory.js';
import { xlsxCellText, type CellTextContext } from './xlsxCellText.js';

/** One worksheet of a workbook being streamed. */
export interface XlsxSheet {
  readonly name: string;
  readonly hidden: boolean;
  /** Its rows; read them (or some) before asking for the next sheet: the zip is read once, in order. */
  readonly rows: AsyncIterable<GridRow>;
}

export interface XlsxWorkbook {
  readonly date1904: boolean;
  /** Worksheets in the order the zip stores them (Excel and LibreOffice store them in tab order). */
  readonly sheets: AsyncIterable<XlsxSheet>;
}

/**
 * Open an XLSX for streaming (exceljs WorkbookReader, never the whole-workbook reader): the zip's
 * directory and workbook part are checked first (not a workbook, truncated → FILE_UNREADABLE;
 * zip bomb → FILE_LIMITS), then sheets and rows are read lazily. Row numbers are Excel's (`<row
 * r>`; rows missing from the XML are gaps). A non-blank cell beyond `maxColumns` or longer than
 * `maxCellChars` → FILE_LIMITS; empty styled cells out to column AMJ (LibreOffice) are fine.
 * exceljs's own failures on a damaged part → FILE_UNREADABLE.
 */
export async function openXlsx(path: string, limits: Limits): Promise<XlsxWorkbook> {
  const { size } = await stat(path);
  const entries = await readZipDirectory(path);
  const info = await readWorkbookInfo(path, entries);
  await checkZipInflation(path, size, entries, limits);
  return { date1904: info.date1904, sheets: streamSheets(path, info.sheets, info.date1904, limits) };
}

async function* streamSheets(path: string, sheets: readonly SheetInfo[], date1904: boolean, limits: Limits): AsyncGenerator<XlsxSheet> {
  const input = createReadStream(path);
  const reader = makeWorkbookReader(input, date1904);
  try {
    for await (const worksheet of wrapErrors(reader)) {
      const sheetPath = `xl/worksheets/sheet${worksheet.packregSheetNo ?? ''}.xml`;
      const sheet = sheets.find((s) => s.path === sheetPath);
      const rows = readRows(worksheet, { date1904 }, limits);
      yield { name: sheet?.name ?? `Sheet${worksheet.packregSheetNo ?? ''}`, hidden: sheet !== undefined && sheet.state !== 'visible', rows };
      // The consumer moved on: finish this sheet so exceljs can go to the next zip entry.
      for await (const _ of rows) void _;
    }
  } finally {
    input.destroy();
  }
}

async function* readRows(worksheet: WorksheetReaderLike, context: CellTextContext, limits: Limits): AsyncGenerator<GridRow> {
  for await (const row of wrapErrors(worksheet)) yield { row: row.number, cells: rowCells(row, context, limits) };
}

function rowCells(row: RowLike, context: CellTextContext, limits: Limits): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = xlsxCellText(cell, context);
    if (text === '') return;
    if (col > limits.maxColumns) {
      throw new PackregError('FILE_LIMITS', { what: `columns (row ${row.number})`, limit: limits.maxColumns });
    }
    if (text.length > limits.maxCellChars) {
      throw new PackregError('FILE_LIMITS', { what: `characters in a cell (row ${row.number})`, limit: limits.maxCellChars });
    }
    cells[col - 1] = text;
  });
  return Array.from(cells, (cell) => cell ?? '');
}

/** exceljs throws plain Errors (bad XML, bad zip): they mean the workbook is damaged. */
async function* wrapErrors<T>(iterable: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* iterable;
  } catch (error) {
    if (error instanceof PackregError) throw error;
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'damaged workbook';
    throw new PackregError('FILE_UNREADABLE', { detail: `a damaged workbook: ${detail}` }, { cause: error });
  }
}
