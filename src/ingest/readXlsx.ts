import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Limits } from '../config.js';
import { PackregError } from '../domain/PackregError.js';
import { checkZipInflation } from './checkZipInflation.js';
import type { GridRow } from './GridRow.js';
import { makeWorkbookReader, SharedStringsMissed, type RowLike, type WorksheetReaderLike } from './makeWorkbookReader.js';
import { readWorkbookInfo, type SheetInfo } from './readWorkbookInfo.js';

export type { SheetInfo };
import { readZipDirectory } from './readZipDirectory.js';
import { xlsxCellText, type CellTextContext } from './xlsxCellText.js';

/** One worksheet's rows, streaming; `close` releases the file (also done when the rows end). */
export interface XlsxSheetRows {
  readonly rows: AsyncIterator<GridRow>;
  readonly close: () => Promise<void>;
}

export interface XlsxWorkbook {
  readonly date1904: boolean;
  /** Worksheets in tab order (chartsheets have no `path`). */
  readonly sheets: readonly SheetInfo[];
  /** Stream one worksheet's rows. Each call reads the zip again from the start, up to that sheet. */
  readonly openSheet: (sheet: SheetInfo) => XlsxSheetRows;
}

/**
 * Open an XLSX for streaming (exceljs WorkbookReader, never the whole-workbook reader): the zip's
 * directory and workbook part are checked first (not a workbook, truncated → FILE_UNREADABLE;
 * zip bomb → FILE_LIMITS), then a sheet's rows are read lazily. Row numbers are Excel's (`<row
 * r>`; rows missing from the XML are gaps). A non-blank cell beyond `maxColumns` or longer than
 * `maxCellChars` → FILE_LIMITS; empty styled cells out to column AMJ (LibreOffice) are fine.
 * exceljs's own failures on a damaged part → FILE_UNREADABLE.
 *
 * Sheets are opened one by one because the zip may store them in another order than the tabs
 * (excel-2013_sheet_visibility.xlsx stores the visible sheet last), while SPEC §3 means the tab
 * order; a stream can only go forward, so trying the next sheet reads the zip again.
 */
export async function openXlsx(path: string, limits: Limits): Promise<XlsxWorkbook> {
  const { size } = await stat(path);
  const entries = await readZipDirectory(path);
  const info = await readWorkbookInfo(path, entries);
  await checkZipInflation(path, size, entries, limits);
  return {
    date1904: info.date1904,
    sheets: info.sheets,
    openSheet: (sheet) => openSheetRows(path, sheet, info.date1904, entries.some((e) => e.name === SHARED_STRINGS), limits),
  };
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** Reads of the zip before a missed shared-strings part (see SharedStringsMissed) is an error. */
const READS = 3;

function openSheetRows(path: string, sheet: SheetInfo, date1904: boolean, hasSharedStrings: boolean, limits: Limits): XlsxSheetRows {
  let input: ReturnType<typeof createReadStream> | undefined;
  async function* rows(): AsyncGenerator<GridRow> {
    for (let read = 1; ; read += 1) {
      input = createReadStream(path);
      const reader = makeWorkbookReader(input, date1904, hasSharedStrings);
      try {
        for await (const worksheet of wrapErrors(reader)) {
          if (`xl/worksheets/sheet${worksheet.packregSheetNo ?? ''}.xml` !== sheet.path) {
            // Not this one: exceljs must still read through it to reach the next zip entry.
            for await (const _ of worksheet) void _;
            continue;
          }
          yield* readRows(worksheet, { date1904 }, limits);
          return;
        }
        return;
      } catch (error) {
        // Thrown before the sheet's first row, so nothing was yielded from this read.
        if (!(error instanceof SharedStringsMissed) || read >= READS) throw error;
      } finally {
        input.destroy();
      }
    }
  }
  const iterator = rows();
  return {
    rows: iterator,
    close: async () => {
      await iterator.return(undefined);
      input?.destroy();
    },
  };
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
    if (error instanceof PackregError || error instanceof SharedStringsMissed) throw error;
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'damaged workbook';
    throw new PackregError('FILE_UNREADABLE', { detail: `a damaged workbook: ${detail}` }, { cause: error });
  }
}
