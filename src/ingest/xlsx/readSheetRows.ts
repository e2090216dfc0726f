import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import type { GridRow } from '../GridRow.js';
import { xlsxCellText } from '../xlsxCellText.js';
import type { ZipPackage } from './openZipPackage.js';
import { parseXmlPart, type XmlHandlers } from './parseXmlPart.js';
import type { SharedStrings } from './SharedStrings.js';

export interface SheetContext {
  readonly sharedStrings: SharedStrings;
  /** One byte per cell format (`s`): 1 when it shows a date. */
  readonly dateStyles: Uint8Array;
  readonly date1904: boolean;
  readonly limits: Limits;
}

/**
 * Stream one worksheet's rows, in file order, as display text (xlsxCellText). Row numbers are
 * Excel's: `<row r>`, or the one after the previous row when `r` is absent (it is optional in
 * OOXML); a cell's column is its `r`, or the one after the previous cell's. Rows missing from the
 * XML are gaps, as Excel shows them.
 *
 * Limits, checked as each cell closes (SPEC §6, FILE_LIMITS): a non-blank cell beyond
 * `maxColumns` or longer than `maxCellChars`; more than `maxCellsPerRow` `<c>` elements in a row,
 * blank ones included (empty styled cells out to column AMJ, as LibreOffice writes, are fine).
 */
export async function* readSheetRows(pkg: ZipPackage, partName: string, context: SheetContext): AsyncGenerator<GridRow[]> {
  const ready: GridRow[] = [];
  const handlers = new SheetHandlers(context, ready);
  for await (const _ of parseXmlPart(pkg, partName, context.limits, handlers)) {
    if (ready.length > 0) yield ready.splice(0);
  }
  if (ready.length > 0) yield ready.splice(0);
}

const NO_CAPTURE = 0;
const CAPTURE = 1;

/** The worksheet's SAX handlers: a state machine over sheetData → row → c → v | is/t. Allocates per row, not per event. */
class SheetHandlers implements XmlHandlers {
  private inSheetData = false;
  private inRow = false;
  private inCell = false;
  private inInline = false;
  private phonetic = 0;
  private capture = NO_CAPTURE;
  private rowNumber = 0;
  private cells: string[] = [];
  private cellsInRow = 0;
  private column = 0;
  private type = 'n';
  private style = 0;
  private value = '';
  private readonly maxValueChars: number;

  constructor(private readonly context: SheetContext, private readonly ready: GridRow[]) {
    // A value is capped while it is read (an escape `_x000D_` is 7 characters for one).
    this.maxValueChars = Math.max(context.limits.maxCellChars, 32_767) * 7;
  }

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    switch (name) {
      case 'c':
        if (this.inRow) this.openCell(attributes);
        return;
      case 'v':
        if (this.inCell) this.capture = CAPTURE;
        return;
      case 't':
        if (this.inInline && this.phonetic === 0) this.capture = CAPTURE;
        return;
      case 'row':
        if (this.inSheetData) this.openRow(attributes.r);
        return;
      case 'is':
        if (this.inCell) {
          this.inInline = true;
          this.value = '';
          if (this.type !== 'inlineStr' && this.type !== 'str') this.type = 'inlineStr';
        }
        return;
      case 'rPh':
        this.phonetic += 1;
        return;
      case 'sheetData':
        this.inSheetData = true;
        return;
      default:
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = NO_CAPTURE;
        return;
      case 'c':
        if (this.inCell) this.closeCell();
        return;
      case 'row':
        if (this.inRow) this.closeRow();
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'rPh':
        this.phonetic -= 1;
        return;
      case 'sheetData':
        this.inSheetData = false;
        return;
      default:
    }
  }

  text(text: string): void {
    if (this.capture === NO_CAPTURE) return;
    this.value += text;
    if (this.value.length > this.maxValueChars) this.overCellChars();
  }

  private openRow(r: string | undefined): void {
    const given = r === undefined ? NaN : Number(r);
    this.rowNumber = Number.isInteger(given) && given > 0 ? given : this.rowNumber + 1;
    this.inRow = true;
    this.cells = [];
    this.cellsInRow = 0;
    this.column = 0;
  }

  private closeRow(): void {
    this.inRow = false;
    const { cells } = this;
    for (let i = 0; i < cells.length; i += 1) if (cells[i] === undefined) cells[i] = '';
    this.ready.push({ row: this.rowNumber, cells });
  }

  private openCell(attributes: Readonly<Record<string, string>>): void {
    const { limits } = this.context;
    if (++this.cellsInRow > limits.maxCellsPerRow) {
      throw new PackregError('FILE_LIMITS', { what: { ja: `1 行のセル数(${this.rowNumber} 行目)`, en: `cells in one row (row ${this.rowNumber})` }, limit: limits.maxCellsPerRow });
    }
    const ref = attributes.r;
    const column = ref === undefined ? 0 : columnOf(ref);
    this.column = column > 0 ? column : this.column + 1;
    this.type = attributes.t ?? 'n';
    this.style = attributes.s === undefined ? 0 : Number(attributes.s);
    this.value = '';
    this.inCell = true;
    this.inInline = false;
  }

  private closeCell(): void {
    this.inCell = false;
    this.capture = NO_CAPTURE;
    const { context } = this;
    let raw = this.value;
    if (raw === '') return;
    if (this.type === 's') raw = context.sharedStrings.get(Number(raw)) ?? '';
    const text = xlsxCellText(this.type, raw, context.dateStyles[this.style] === 1, context.date1904);
    if (text === '') return;
    if (this.column > context.limits.maxColumns) {
      throw new PackregError('FILE_LIMITS', { what: { ja: `列数(${this.rowNumber} 行目)`, en: `columns (row ${this.rowNumber})` }, limit: context.limits.maxColumns });
    }
    if (text.length > context.limits.maxCellChars) this.overCellChars();
    this.cells[this.column - 1] = text;
  }

  private overCellChars(): never {
    throw new PackregError('FILE_LIMITS', { what: { ja: `1 セルの文字数(${this.rowNumber} 行目)`, en: `characters in a cell (row ${this.rowNumber})` }, limit: this.context.limits.maxCellChars });
  }
}

/** The column of a cell reference (`B7` → 2, `XFD1` → 16384), or 0 when it has no letters. */
function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > 16_384) return 16_385; // past Excel's last column: a filled column past any limit
  }
  return column;
}
