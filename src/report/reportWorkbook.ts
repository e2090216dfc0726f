import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { startsLikeFormula } from '../domain/formulaGuard.js';

/** A value fit for a report cell: a number stays a number, anything else becomes text. */
export type PlainCell = string | number;

/**
 * Every report cell is a plain value (SPEC §6): numbers stay numbers (a negative count is a
 * number cell, not text), null/undefined become '', and anything else — an exceljs formula,
 * hyperlink or rich-text shape included — becomes inert text. Never an object.
 */
export function plainCell(value: unknown): PlainCell {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The name exceljs's style model carries the flag under here; OOXML's own attribute name. */
export const QUOTE_PREFIX = 'quotePrefix';

/** The parts of exceljs 4.4.0's StylesXform this module extends (not in exceljs's typings). */
interface StylesXform {
  addStyleModel(model: Record<string, unknown> | undefined, cellType?: number): number;
  model: { styles: string[] };
  index: { style: Record<string, number> };
}

/**
 * exceljs's streaming writer for every workbook packreg writes (reports, rejects file, error
 * workbook, template), with one addition: a cell whose style carries `quotePrefix` gets an `<xf>`
 * with `quotePrefix="1"` — Excel's own mark for "this text only looks like a formula", which it
 * shows as a leading apostrophe in the formula bar but never as part of the value, and which
 * keeps F2 + Enter from turning the text into a formula. exceljs 4.4.0 (pinned) has no such style
 * property; its style table keys each `<xf>` by its XML, so the flagged variant is registered the
 * same way beside the unflagged one. Read back with openpyxl in
 * test/e2e/reportsFormulaSafety.test.ts, which fails if an exceljs upgrade breaks this.
 */
export function makeReportWorkbook(out: NodeJS.WritableStream): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: true, useSharedStrings: false });
  const styles = (workbook as unknown as { styles: StylesXform }).styles;
  const addStyleModel = styles.addStyleModel.bind(styles);
  // exceljs keys its own cache by the cell's style object, which is new for every cell: it built
  // and compared every styled cell's <xf> XML (≈ 2 of 12 CPU-seconds of a 100k-row XLSX report).
  // addStyleModel reads only these parts of the model; they are the shared objects of
  // reportStyles.ts (never changed once assigned), so their identities name the style.
  const byParts = new Map<string, number>();
  styles.addStyleModel = (model, cellType) => {
    if (!model) return addStyleModel(model, cellType);
    const key = `${cellType ?? ''}|${identity(model.numFmt)}|${identity(model.font)}|${identity(model.border)}|${identity(model.fill)}|${identity(model.alignment)}|${identity(model.protection)}|${model[QUOTE_PREFIX] ? 1 : 0}`;
    const known = byParts.get(key);
    if (known !== undefined) return known;
    const id = addStyleModel(model, cellType);
    if (!model[QUOTE_PREFIX]) {
      byParts.set(key, id);
      return id;
    }
    const xml = styles.model.styles[id]!.replace(/^<xf /, `<xf ${QUOTE_PREFIX}="1" `);
    let prefixed = styles.index.style[xml];
    if (prefixed === undefined) {
      prefixed = styles.model.styles.length;
      styles.index.style[xml] = prefixed;
      styles.model.styles.push(xml);
    }
    byParts.set(key, prefixed);
    return prefixed;
  };
  return workbook;
}

/**
 * Add a row of plain cells (`plainCell`); text that starts like a formula (the one rule in
 * domain/formulaGuard.ts) keeps its text and gets the quote-prefix style — never an apostrophe in
 * the text, so a re-uploaded report yields exactly the original (issue 17).
 */
export function addPlainRow(sheet: ExcelJS.Worksheet, values: readonly unknown[]): ExcelJS.Row {
  const row = sheet.addRow(values.map(plainCell));
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (typeof cell.value === 'string' && startsLikeFormula(cell.value)) {
      (cell.style as Record<string, unknown>)[QUOTE_PREFIX] = true;
    }
  });
  return row;
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;
/** A style part's key: an object by identity, anything else by value. */
function identity(part: unknown): string {
  if (part === undefined || part === null) return '';
  if (typeof part !== 'object') return `=${String(part)}`;
  let id = identities.get(part);
  if (id === undefined) {
    id = ++lastIdentity;
    identities.set(part, id);
  }
  return `#${id}`;
}

/** Sheet XML a report lets wait for the zip's deflate before it writes more. */
const SHEET_BACKLOG_BYTES = 1024 * 1024;

/**
 * Backpressure for a streaming sheet: await the returned function after each committed row.
 * exceljs 4.4.0's WorksheetWriter writes its XML into a StreamBuf that archiver reads through a
 * PassThrough (archiver-utils' normalizeInputSource), and the StreamBuf ignores `write()`'s answer.
 * Rows are rendered synchronously, 5,000 per page of readReportRows, while the deflate runs on
 * the thread pool between event-loop turns: without a wait the XML piled up uncompressed — 1 GB
 * of a million-row report (BENCHMARKS.md). Throws at once if an exceljs upgrade moved the parts.
 */
export function sheetBackpressure(sheet: ExcelJS.Worksheet): () => Promise<void> {
  const source = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
  // archiver's PassThrough is readable-stream 2's: no `writableLength` getter, only its state.
  const zipSide = source?.pipes?.[0] as (Writable & { _writableState?: { length?: unknown } }) | undefined;
  if (typeof zipSide?._writableState?.length !== 'number') throw new Error('exceljs internals changed: no zip stream behind the worksheet');
  const state = zipSide._writableState as { length: number };
  return async () => {
    if (state.length > SHEET_BACKLOG_BYTES) await once(zipSide, 'drain');
  };
}
