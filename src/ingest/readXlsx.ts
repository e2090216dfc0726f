import { stat } from 'node:fs/promises';
import type { Limits } from '../config.js';
import type { GridRow } from './GridRow.js';
import { openZipPackage } from './xlsx/openZipPackage.js';
import { readDateStyles } from './xlsx/readDateStyles.js';
import { readSharedStrings } from './xlsx/readSharedStrings.js';
import { readSheetRows } from './xlsx/readSheetRows.js';
import { readWorkbookInfo, type SheetInfo } from './xlsx/readWorkbookInfo.js';

export type { SheetInfo };

/** One worksheet's rows, streaming, a chunk at a time; `close` stops reading it (also done when the rows end). */
export interface XlsxSheetRows {
  readonly rows: AsyncIterator<GridRow[]>;
  readonly close: () => Promise<void>;
}

export interface XlsxWorkbook {
  readonly date1904: boolean;
  /** Worksheets in tab order (chartsheets have no `path`). */
  readonly sheets: readonly SheetInfo[];
  /** Stream one worksheet's rows (its part alone is read, wherever the zip stores it). */
  readonly openSheet: (sheet: SheetInfo) => XlsxSheetRows;
  /** Release the file; call once every sheet opened is closed. */
  readonly close: () => void;
}

/**
 * Open an XLSX for streaming with packreg's own reader (yauzl for the zip, saxes for the XML):
 * the package's parts are found through its relationships, then the shared strings and the
 * date styles are read — whatever order the zip stores them in — and a sheet's rows are read
 * lazily, one inflated chunk at a time. Every part read counts against one inflation budget
 * (ratio × file size, at most `maxInflateBytes`), and every part is parsed under the XML guards
 * of parseXmlPart, so memory stays within a fixed budget whatever the file (docs/xlsx.md).
 *
 * Not a workbook, truncated, damaged → FILE_UNREADABLE; over a limit → FILE_LIMITS.
 */
export async function openXlsx(path: string, limits: Limits): Promise<XlsxWorkbook> {
  const { size } = await stat(path);
  const pkg = await openZipPackage(path, size, limits);
  try {
    const info = await readWorkbookInfo(pkg, limits);
    const sharedStrings = await readSharedStrings(pkg, info.sharedStringsPart, limits);
    const dateStyles = await readDateStyles(pkg, info.stylesPart, limits);
    const context = { sharedStrings, dateStyles, date1904: info.date1904, limits };
    return {
      date1904: info.date1904,
      sheets: info.sheets,
      openSheet(sheet) {
        if (sheet.path === null) return { rows: emptyRows(), close: async () => undefined };
        const rows = readSheetRows(pkg, sheet.path, context);
        return { rows, close: async () => void (await rows.return(undefined)) };
      },
      close: () => pkg.close(),
    };
  } catch (error) {
    pkg.close();
    throw error;
  }
}

async function* emptyRows(): AsyncGenerator<GridRow[]> {
  // A chartsheet or dialog sheet has no cells.
}
