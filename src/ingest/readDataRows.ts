import type { Limits } from '../config.js';
import { PackregError } from '../domain/PackregError.js';
import { makeRowValues } from './makeRowValues.js';
import type { GridRow } from './GridRow.js';
import type { ColumnMapping } from './mapHeader.js';
import type { RowChunks } from './RowChunks.js';
import type { IngestedRow } from './types.js';

/** SPEC §3: the header stands in the first 10 rows. */
export const HEADER_SEARCH_LIMIT = 10;

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Read rows until the header (a row naming ≥ 3 known columns within rows 1–10); null when there is none. */
export async function findHeaderRow(rows: RowChunks, isHeader: (cells: readonly string[]) => boolean): Promise<GridRow | null> {
  for (;;) {
    const next = await rows.nextRow();
    if (next === null || next.row > HEADER_SEARCH_LIMIT) return null;
    if (isHeader(next.cells)) return next;
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
 * The data rows after the header, normalised, blank rows skipped, a chunk at a time (never an
 * empty one). The first chunk is read now, so a file with a header and no data rows fails here
 * with FILE_EMPTY, before any row is handed out. A row more than `maxRows` below the header →
 * FILE_LIMITS (thrown from the iterator once the rows before it are handed out).
 */
export async function readDataRows(rows: RowChunks, context: DataRowsContext): Promise<AsyncIterable<readonly IngestedRow[]>> {
  const { sheet, headerRow, mapping, date1904, limits, close } = context;
  const valuesOf = makeRowValues(mapping, { date1904 });
  // The usual file echoes every column in order: a row as wide as its header is its own echo.
  const echoesAll = mapping.echoed.every((column, i) => column === i);
  const lastRow = headerRow + limits.maxRows;
  // A row past the limit ends the rows: those before it in its chunk are handed out first.
  let overLimit = false;
  const nextChunk = async (): Promise<IngestedRow[] | null> => {
    for (;;) {
      if (overLimit) throw new PackregError('FILE_LIMITS', { what: { ja: '行数', en: 'rows' }, limit: limits.maxRows });
      const grid = await rows.nextChunk();
      if (grid === null) return null;
      const chunk: IngestedRow[] = [];
      for (const { row, cells } of grid) {
        if (row > lastRow) {
          overLimit = true;
          break;
        }
        if (isBlankRow(cells)) continue;
        // The cells echoed in reports, one per echoed header (packreg's own report columns left out).
        const aligned = echoesAll && cells.length === mapping.echoed.length ? cells : mapping.echoed.map((i) => cells[i] ?? '');
        chunk.push({ sheet, row, values: valuesOf(cells), cells: aligned });
      }
      if (chunk.length > 0) return chunk;
    }
  };

  let first: IngestedRow[] | null;
  try {
    first = await nextChunk();
  } catch (error) {
    await close();
    throw error;
  }
  if (first === null) {
    await close();
    throw new PackregError('FILE_EMPTY');
  }
  const firstChunk = first;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield firstChunk;
        for (let chunk = await nextChunk(); chunk !== null; chunk = await nextChunk()) yield chunk;
      } finally {
        await close();
      }
    },
  };
}
