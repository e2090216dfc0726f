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
const QUOTE_PREFIX = 'quotePrefix';

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
  styles.addStyleModel = (model, cellType) => {
    const id = addStyleModel(model, cellType);
    if (!model?.[QUOTE_PREFIX]) return id;
    const xml = styles.model.styles[id]!.replace(/^<xf /, `<xf ${QUOTE_PREFIX}="1" `);
    let prefixed = styles.index.style[xml];
    if (prefixed === undefined) {
      prefixed = styles.model.styles.length;
      styles.index.style[xml] = prefixed;
      styles.model.styles.push(xml);
    }
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
