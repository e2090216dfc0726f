import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { unescapeOoxml } from './xlsxCellText.js';

const require = createRequire(import.meta.url);
// exceljs 4.4.0 internals (pinned in package.json): the streaming reader and its SAX helpers.
const ExcelJS = require('exceljs') as { stream: { xlsx: { WorkbookReader: new (input: unknown, options: object) => object } } };
const parseSax = require('exceljs/lib/utils/parse-sax.js') as (
  iterable: AsyncIterable<unknown>,
) => AsyncIterable<{ eventType: string; value: unknown }[]>;
const iterateStream = require('exceljs/lib/utils/iterate-stream.js') as (stream: Readable) => AsyncIterable<unknown>;

/** An exceljs streaming worksheet as we use it. */
export interface WorksheetReaderLike extends AsyncIterable<RowLike> {
  /** The N of `xl/worksheets/sheetN.xml` (recorded by us: exceljs overwrites `id`). */
  packregSheetNo?: string;
}
export interface RowLike {
  readonly number: number;
  eachCell(options: { includeEmpty: boolean }, callback: (cell: { value: unknown; numFmt?: string }, col: number) => void): void;
}
export interface WorkbookReaderLike extends AsyncIterable<WorksheetReaderLike> {
  readonly properties?: { model?: { date1904?: boolean } };
}

const WorkbookReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: unknown, options: object) => {
  sharedStrings?: unknown[];
  properties?: unknown;
  model?: unknown;
};

/**
 * exceljs's streaming WorkbookReader with two fixes:
 * - Shared strings are parsed here. exceljs keeps the text of the *last* `<t>` of an item, so an
 *   item with furigana (`<rPh><t>カンジ</t></rPh>`, what Japanese Excel writes for typed kanji)
 *   comes out as the reading instead of the text, and it does not unescape `_x000D_`. We join the
 *   `<t>` runs outside `<rPh>` and store each item as a `String` object, so the cell reader can
 *   tell shared strings (already unescaped) from inline and formula strings (primitive strings,
 *   not yet unescaped). exceljs takes a `String` object as a string cell and hands it back as is;
 *   one small object per item, where `{richText: [{text}]}` was three (a 210,000-string workbook
 *   held ~20 MB more).
 * - Each worksheet remembers the N of its `sheetN.xml`, the key to the workbook's sheet list.
 * - workbook.xml is read up front (readWorkbookInfo), so the date system is known before any
 *   sheet: exceljs reads it only when it meets workbook.xml in the zip, and exceljs's own writer
 *   stores it last, so date cells before it were converted as 1900 dates (or crashed on
 *   `properties` being undefined).
 * When sharedStrings.xml comes after a sheet in the zip, exceljs copies that sheet to a temporary
 * file and reads it after the strings: slower, still correct (tested).
 */
class PackregWorkbookReader extends WorkbookReader {
  constructor(input: unknown, options: object, date1904: boolean, private readonly hasSharedStrings: boolean) {
    super(input, options);
    this.properties = { model: { date1904 } };
    this.model = { sheets: [] };
  }

  async _parseWorkbook(): Promise<void> {
    // Already read (see above); the caller drains the entry.
  }

  async *_parseSharedStrings(entry: Readable): AsyncGenerator<never> {
    const strings: unknown[] = [];
    this.sharedStrings = strings;
    let text = '';
    let inText = false;
    let phoneticDepth = 0;
    for await (const events of parseSax(iterateStream(entry))) {
      for (const { eventType, value } of events) {
        if (eventType === 'text') {
          if (inText && phoneticDepth === 0) text += value as string;
          continue;
        }
        const name = localName((value as { name: string }).name);
        if (eventType === 'opentag') {
          if (name === 'si') [text, phoneticDepth] = ['', 0];
          else if (name === 'rPh') phoneticDepth += 1;
          else if (name === 't') inText = true;
        } else if (eventType === 'closetag') {
          if (name === 't') inText = false;
          else if (name === 'rPh') phoneticDepth -= 1;
          // eslint-disable-next-line no-new-wrappers -- the wrapper is the marker (see above)
          else if (name === 'si') strings.push(new String(unescapeOoxml(text)));
        }
      }
    }
  }

  *_parseWorksheet(iterator: unknown, sheetNo: string): Generator<{ eventType: string; value: WorksheetReaderLike }> {
    const parent = WorkbookReader.prototype as unknown as {
      _parseWorksheet(this: unknown, iterator: unknown, sheetNo: string): Iterable<{ eventType: string; value: WorksheetReaderLike }>;
    };
    // exceljs's zip parser (unzipper) now and then never hands over sharedStrings.xml (about 1 in
    // 400 reads with eight at once, test/unit/ingest/corpus.test.ts caught it in CI); every text
    // cell of the sheet would then read as blank. Refuse, so the caller reads the zip again.
    if (this.hasSharedStrings && this.sharedStrings === undefined) throw new SharedStringsMissed();
    for (const event of parent._parseWorksheet.call(this, iterator, sheetNo)) {
      event.value.packregSheetNo = sheetNo;
      yield event;
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** A worksheet was reached without the workbook's shared strings: read the zip again. */
export class SharedStringsMissed extends Error {
  constructor() {
    super('the shared strings of the workbook were not read before its worksheet');
    this.name = 'SharedStringsMissed';
  }
}

/**
 * A streaming reader over `input` (styles cached: without them date cells are bare serials).
 * `hasSharedStrings`: the zip directory lists xl/sharedStrings.xml.
 */
export function makeWorkbookReader(input: Readable, date1904: boolean, hasSharedStrings: boolean): WorkbookReaderLike {
  return new PackregWorkbookReader(
    input,
    { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' },
    date1904,
    hasSharedStrings,
  ) as unknown as WorkbookReaderLike;
}
