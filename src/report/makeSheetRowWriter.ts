import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { startsLikeFormula } from '../domain/formulaGuard.js';
import { plainCell, QUOTE_PREFIX, sheetBackpressure } from './reportWorkbook.js';

/** How one cell of a written row looks beyond its value: shared style parts (reportStyles.ts). */
export interface CellLook {
  readonly fill?: ExcelJS.Fill;
  readonly alignment?: Partial<ExcelJS.Alignment>;
  /** A comment on the cell (its whole text). */
  readonly note?: string;
}

export interface SheetRowWriter {
  /**
   * Add a row of plain cells (`plainCell`, guarded like `addPlainRow`) with the looks of some of
   * them, by 0-based column. True once 64 KB of XML are gathered or some went on to the zip
   * entry: `flush` then (no promise per row).
   */
  add(values: readonly unknown[], looks?: ReadonlyMap<number, CellLook>): boolean;
  /** Hand what is gathered to the sheet's zip entry, waiting while the deflate is behind. */
  flush(): Promise<void>;
}

/** exceljs 4.4.0's cell value types (Enums.ValueType) for the two a report writes. */
const NUMBER = 2;
const STRING = 3;

/**
 * Bytes of XML gathered before they go to the zip entry. Each row is encoded into the chunk as it
 * is written: one 64 K string of a million rows' concatenated cells took longer to flatten and
 * encode than the rows took to build (9 of a 1M report's 36 CPU-seconds; its XML is 1.1 GB).
 */
const CHUNK_BYTES = 64 * 1024;

/** Characters exceljs's `xmlEncode` replaces (quotes, markup) or drops (controls XML forbids). */
const NEEDS_ENCODING = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/;
const TO_ENCODE = new RegExp(NEEDS_ENCODING.source, 'g');
const ENCODED: Readonly<Record<string, string>> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Cell text as exceljs 4.4.0 writes it (utils.xmlEncode), so both writers' XML is one. */
function encode(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  return text.replace(TO_ENCODE, (ch) => ENCODED[ch] ?? '');
}

/** A column's letters (0-based index): A … Z, AA … */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

interface ExceljsSheetParts {
  readonly stream: { write(bytes: Buffer): unknown };
  readonly _nextRow: number;
  readonly _rows: unknown[] | null;
  _sheetCommentsWriter: { addComments(comments: object[]): void };
  hasComments: boolean;
  _workbook: { styles: { addStyleModel(model: Record<string, unknown>, cellType: number): number } };
}

/** exceljs's own comment model for a note (its defaults for margins, protection, placement). */
const Note = createRequire(import.meta.url)('exceljs/lib/doc/note.js') as new (note: unknown) => { model: object };

/**
 * The data rows of a streamed report sheet, written as the sheet's XML directly: exceljs built a
 * Row, a Cell, a style model and an XmlStream for every cell, and that alone was 20 of a
 * million-row XLSX report's 46–52 s and most of its garbage (BENCHMARKS.md, sixteenth round). The
 * XML is the one exceljs 4.4.0 writes for the same rows — same cells (`t="str"`), the same style
 * table entries registered in the same order through the workbook's style table
 * (`makeReportWorkbook`'s), comments handed to the sheet's own comments writer — byte for byte
 * (test/unit/report/makeSheetRowWriter.test.ts compares the two zips entry by entry).
 *
 * Everything else stays exceljs's: the sheet's opening (views, columns), the header row (added and
 * committed before this takes over), the filter, the closing, the other sheets and the zip. Rows
 * must not be added through exceljs once this has written one. `columnStyles` are the columns'
 * own styles (a text format), as exceljs merges them into each cell.
 */
export function makeSheetRowWriter(sheet: ExcelJS.Worksheet, columnStyles: ReadonlyArray<Record<string, unknown> | undefined> = []): SheetRowWriter {
  const parts = sheet as unknown as ExceljsSheetParts;
  if (typeof parts._nextRow !== 'number' || !Array.isArray(parts._rows) || typeof parts._sheetCommentsWriter?.addComments !== 'function') {
    throw new Error('exceljs internals changed: not a streaming worksheet');
  }
  if (parts._rows.length > 0) throw new Error('makeSheetRowWriter: commit the rows added through exceljs first');
  const stream = parts.stream;
  const styles = parts._workbook.styles;
  const drained = sheetBackpressure(sheet);
  const letters: string[] = [];
  let rowNumber = parts._nextRow;
  let chunk = Buffer.allocUnsafe(2 * CHUNK_BYTES);
  let used = 0;
  // Whether XML went to the zip entry since the last flush (the caller is to wait then).
  let sent = false;
  const send = () => {
    if (used === 0) return;
    void stream.write(chunk.subarray(0, used));
    chunk = Buffer.allocUnsafe(2 * CHUNK_BYTES);
    used = 0;
    sent = true;
  };

  // Style ids, registered on first use in the order exceljs would register them (cell by cell).
  const partIds = new Map<unknown, number>();
  const partId = (part: unknown) => {
    if (part === undefined) return 0;
    let id = partIds.get(part);
    if (id === undefined) partIds.set(part, (id = partIds.size + 1));
    return id;
  };
  const register = (column: number, type: number, quoted: boolean, look: CellLook | undefined): number => {
    const model: Record<string, unknown> = { ...columnStyles[column] };
    if (look?.alignment) model.alignment = look.alignment;
    if (look?.fill) model.fill = look.fill;
    if (quoted) model[QUOTE_PREFIX] = true;
    return styles.addStyleModel(model, type);
  };
  // Most cells have no look: their ids by column, type and guard, without a key to build.
  const plainIds: number[] = [];
  const styledIds = new Map<string, number>();
  const styleId = (column: number, type: number, quoted: boolean, look: CellLook | undefined): number => {
    if (!look || (!look.fill && !look.alignment)) {
      const slot = column * 4 + (type === STRING ? 2 : 0) + (quoted ? 1 : 0);
      return (plainIds[slot] ??= register(column, type, quoted, undefined));
    }
    const key = `${column}|${type}|${quoted ? 1 : 0}|${partId(look.fill)}|${partId(look.alignment)}`;
    let id = styledIds.get(key);
    if (id === undefined) styledIds.set(key, (id = register(column, type, quoted, look)));
    return id;
  };

  return {
    add(values, looks) {
      if (values.length === 0) return false;
      const r = rowNumber++;
      let xml = `<row r="${r}" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
      let comments: object[] | undefined;
      for (let i = 0; i < values.length; i += 1) {
        const value = plainCell(values[i]);
        const look = looks?.get(i);
        const text = typeof value === 'string';
        const id = styleId(i, text ? STRING : NUMBER, text && startsLikeFormula(value), look);
        const ref = `${letters[i] ??= columnLetters(i)}${r}`;
        xml += `<c r="${ref}"${id ? ` s="${id}"` : ''}${text ? ' t="str"' : ''}><v>${text ? encode(value) : encode(String(value))}</v></c>`;
        if (look?.note !== undefined) (comments ??= []).push({ ...new Note({ texts: [{ text: look.note }] }).model, ref });
      }
      xml += '</row>';
      // At most 3 bytes of UTF-8 for each UTF-16 unit: a row that may not fit closes the chunk,
      // and one wider than a chunk (cells as long as the limits allow) goes on by itself.
      const most = xml.length * 3;
      if (used + most > chunk.length) send();
      if (most > chunk.length) {
        void stream.write(Buffer.from(xml));
        sent = true;
      } else {
        used += chunk.write(xml, used);
      }
      if (comments) {
        parts.hasComments = true;
        parts._sheetCommentsWriter.addComments(comments);
      }
      return sent || used >= CHUNK_BYTES;
    },
    async flush() {
      send();
      sent = false;
      await drained();
    },
  };
}
