import iconv from 'iconv-lite';
import type { FieldKey } from '../domain/fields.js';
import { NOT_A_FILE, openErrorDetail } from '../domain/openErrorDetail.js';
import { PackregError } from '../domain/PackregError.js';
import { checkedUtf8, decodeText } from './decodeText.js';
import { detectDelimiter } from './detectDelimiter.js';
import { detectEncoding } from './detectEncoding.js';
import { readFileChunks, statOfPath } from './fileReads.js';
import type { GridRow } from './GridRow.js';
import { headerMeaning, normaliseHeader, type SavedAliases } from './headerAliases.js';
import { countKnownHeaders, mapHeader } from './mapHeader.js';
import { readCsv } from './readCsv.js';
import { findHeaderRow, readDataRows } from './readDataRows.js';
import { readSample } from './readSample.js';
import { RowChunks } from './RowChunks.js';
import { sniffFileType } from './sniffFileType.js';
import type { FileFacts, Ingest, IngestOptions, TextEncoding } from './types.js';

const isHeaderWith = (saved?: SavedAliases) => (cells: readonly string[]) => countKnownHeaders(cells, saved) >= 3;

/**
 * Open an upload for import (SPEC §3, §6): sniff the type by content, check the size, decode,
 * read CSV or XLSX, find and map the header, and hand out normalised rows lazily, in constant
 * memory. File-level problems found before the first data row are thrown here (PackregError with
 * a FILE_* or HEADER_* code); those found later (an undecodable byte, a limit) are thrown from the
 * `rows` iterator. Stopping the iteration early releases the file.
 */
export async function openIngest(path: string, options: IngestOptions): Promise<Ingest> {
  const { limits } = options;
  const size = await fileSize(path);
  if (size > limits.maxFileBytes) {
    throw new PackregError('FILE_TOO_LARGE', { limitMb: Math.round(limits.maxFileBytes / 1024 / 1024) });
  }
  if (size === 0) throw new PackregError('FILE_EMPTY');
  const sample = await readSample(path);
  const type = sniffFileType(sample.bytes);
  if (type === 'xlsx') return openXlsxIngest(path, options);

  const encoding = detectEncoding(sample.bytes, options.encoding ?? 'auto', sample.complete);
  const delimiter = detectDelimiter(decodeLoosely(sample.bytes, encoding), options.aliases);
  const bytes = readFileChunks(path);
  // UTF-8 goes to csv-parse as checked bytes (it decodes each field itself); the rest as text.
  const text = encoding === 'utf-8' ? checkedUtf8(bytes) : decodeText(bytes, encoding);
  const rows = new RowChunks(readCsv(text, { delimiter, limits }));
  const close = () => rows.close();
  return withHeader(rows, close, { type: 'csv', encoding, delimiter, sheet: null }, false, options);
}

async function openXlsxIngest(path: string, options: IngestOptions): Promise<Ingest> {
  // Loaded on first use: a CSV import never needs the zip and XML readers.
  const { openXlsx } = await import('./readXlsx.js');
  const workbook = await openXlsx(path, options.limits);
  try {
    const wanted = options.sheet?.normalize('NFKC').trim();
    const candidates = workbook.sheets.filter((sheet) =>
      wanted !== undefined ? sheet.name.normalize('NFKC').trim() === wanted : sheet.state === 'visible' && sheet.path !== null,
    );
    if (wanted !== undefined && candidates.length === 0) {
      throw new PackregError('SHEET_NOT_FOUND', { sheet: options.sheet, sheets: workbook.sheets.map((s) => s.name) });
    }
    // SPEC §3: the first visible worksheet (tab order) whose header is recognised, or --sheet NAME.
    for (const sheet of candidates) {
      const { rows: sheetRows, close: closeSheet } = workbook.openSheet(sheet);
      const rows = new RowChunks(sheetRows);
      // The chosen sheet's rows own the workbook from here: closing them releases the file.
      const close = async () => {
        await closeSheet();
        workbook.close();
      };
      const base = { type: 'xlsx', encoding: null, delimiter: null, sheet: sheet.name } as const;
      if (wanted !== undefined) return await withHeader(rows, close, base, workbook.date1904, options);
      const header = await findHeaderOrClose(rows, closeSheet, options.aliases);
      if (header) return await withFoundHeader(header, rows, close, base, workbook.date1904, options);
      await closeSheet();
    }
    throw new PackregError('HEADER_NOT_FOUND');
  } catch (error) {
    workbook.close();
    throw error;
  }
}

type BaseFacts = Pick<FileFacts, 'type' | 'encoding' | 'delimiter' | 'sheet'>;

/** The header row, or null; the source is closed when reading it fails (nothing else will). */
async function findHeaderOrClose(rows: RowChunks, close: () => Promise<void>, saved?: SavedAliases): Promise<GridRow | null> {
  try {
    return await findHeaderRow(rows, isHeaderWith(saved));
  } catch (error) {
    await close();
    throw error;
  }
}

async function withHeader(
  rows: RowChunks,
  close: () => Promise<void>,
  base: BaseFacts,
  date1904: boolean,
  options: IngestOptions,
): Promise<Ingest> {
  const header = await findHeaderOrClose(rows, close, options.aliases);
  if (!header) {
    await close();
    throw new PackregError('HEADER_NOT_FOUND');
  }
  return withFoundHeader(header, rows, close, base, date1904, options);
}

async function withFoundHeader(
  header: GridRow,
  rows: RowChunks,
  close: () => Promise<void>,
  base: BaseFacts,
  date1904: boolean,
  options: IngestOptions,
): Promise<Ingest> {
  let mapping;
  try {
    mapping = mapHeader(header.cells, options.aliases);
  } catch (error) {
    await close();
    throw error;
  }
  const facts: FileFacts = {
    ...base,
    headerRow: header.row,
    headers: mapping.headers,
    columns: mapping.columns,
    unknownColumns: mapping.unknownColumns,
    fileWarnings: mapping.fileWarnings,
    ...usedAliases(mapping.headers, options.aliases),
  };
  const dataRows = await readDataRows(rows, { sheet: base.sheet, headerRow: header.row, mapping, date1904, limits: options.limits, close });
  return { facts, rows: dataRows };
}

/** The saved aliases among `headers` (those no built-in header explains), as written → key. */
function usedAliases(headers: readonly string[], saved?: SavedAliases): { savedAliases?: Record<string, FieldKey> } {
  if (!saved || saved.size === 0) return {};
  const used: Record<string, FieldKey> = {};
  for (const header of headers) {
    const key = saved.get(normaliseHeader(header));
    if (key && headerMeaning(header).kind === 'unknown') used[header] = key;
  }
  return Object.keys(used).length > 0 ? { savedAliases: used } : {};
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await statOfPath(path);
    if (!info.isFile()) throw new PackregError('FILE_UNREADABLE', { detail: NOT_A_FILE });
    return info.size;
  } catch (error) {
    if (error instanceof PackregError) throw error;
    throw new PackregError('FILE_UNREADABLE', { detail: openErrorDetail(error) }, { cause: error });
  }
}

/** The sample as text for delimiter detection only (its end may cut a character). */
function decodeLoosely(bytes: Buffer, encoding: TextEncoding): string {
  return encoding === 'cp932' ? iconv.decode(bytes, 'cp932') : new TextDecoder(encoding).decode(bytes);
}
