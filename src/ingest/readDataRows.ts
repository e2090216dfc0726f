import type { Limits } from '../config.js';
import { PackregError } from '../domain/PackregError.js';
import { makeRowValues } from './makeRowValues.js';
import type { GridRow } from './GridRow.js';
import type { ColumnMapping } from './mapHeader.js';
import type { IngestedRow } from './types.js';

/** SPEC §3: the header stands in the first 10 rows. */
export const HEADER_SEARCH_LIMIT = 10;

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Read rows until the header (a row naming ≥ 3 known columns within rows 1–10); null when there is none. */
export async function findHeaderRow(
  rows: AsyncIterator<GridRow>,
  isHeader: (cells: readonly string[]) => boolean,
): Promise<GridRow | null> {
  for (;;) {
    const next = await rows.next();
    if (next.done || next.value.row > HEADER_SEARCH_LIMIT) return null;
    if (isHeader(next.value.cells)) return next.value;
  }
}

export interface DataRowsContext {
  readonly sheet: string | null;
  readonly headerRow: number;
  readonly mapping: ColumnMapping;
  readonly date1904: boolean;
  readonly limits: Limits;
  /** Release the file (called once, when the rows end or the consumer stops early). */
  readonly close: () => Promise<void>;
}

/**
 * The data rows after the header, normalised, blank rows skipped. The first one is read now, so a
 * file with a header and no data rows fails here with FILE_EMPTY, before any row is handed out.
 * More than `maxRows` rows below the header → FILE_LIMITS (thrown from the iterator).
 */
export async function readDataRows(rows: AsyncIterator<GridRow>, context: DataRowsContext): Promise<AsyncIterable<IngestedRow>> {
  const { sheet, headerRow, mapping, date1904, limits, close } = context;
  const valuesOf = makeRowValues(mapping, { date1904 });
  // The usual file echoes every column in order: a row as wide as its header is its own echo.
  const echoesAll = mapping.echoed.every((column, i) => column === i);
  const nextRow = async (): Promise<IngestedRow | null> => {
    for (;;) {
      const next = await rows.next();
      if (next.done) return null;
      const { row, cells } = next.value;
      if (row - headerRow > limits.maxRows) {
        throw new PackregError('FILE_LIMITS', { what: { ja: '行数', en: 'rows' }, limit: limits.maxRows });
      }
      if (isBlankRow(cells)) continue;
      // The cells echoed in reports, one per echoed header (packreg's own report columns left out).
      const aligned = echoesAll && cells.length === mapping.echoed.length ? cells : mapping.echoed.map((i) => cells[i] ?? '');
      return { sheet, row, values: valuesOf(cells), cells: aligned };
    }
  };

  let first: IngestedRow | null;
  try {
    first = await nextRow();
  } catch (error) {
    await close();
    throw error;
  }
  if (first === null) {
    await close();
    throw new PackregError('FILE_EMPTY');
  }
  const firstRow = first;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield firstRow;
        for (let row = await nextRow(); row !== null; row = await nextRow()) yield row;
      } finally {
        await close();
      }
    },
  };
}
