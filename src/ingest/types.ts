import type { FieldKey } from '../domain/fields.js';
import type { SavedAliases } from './headerAliases.js';
import type { Limits } from '../config.js';

export type FileType = 'csv' | 'xlsx';
/** SPEC §7 `inspect --json` encoding names. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'cp932';
export type EncodingOption = 'auto' | 'utf8' | 'cp932';

/** A file-level warning (the file is still imported). */
export interface FileWarning {
  readonly code: 'UNKNOWN_COLUMN';
  readonly params: Readonly<Record<string, unknown>>;
}

/** What the ingest learned about the file before the first data row. */
export interface FileFacts {
  readonly type: FileType;
  /** null for XLSX (the workbook carries its own encoding). */
  readonly encoding: TextEncoding | null;
  /** CSV delimiter, null for XLSX. */
  readonly delimiter: ',' | '\t' | ';' | null;
  /** Worksheet name for XLSX, null for CSV. */
  readonly sheet: string | null;
  /** Excel row number of the header row (1-based, as the user sees it). */
  readonly headerRow: number;
  /** Every header cell as written, in column order (the report echoes the reseller's columns). */
  readonly headers: readonly string[];
  /** key → the header text that mapped to it (option column pairs are listed under `options`). */
  readonly columns: Readonly<Partial<Record<FieldKey, string>>>;
  /** Header texts that map to no key: kept, echoed in reports, warned about. */
  readonly unknownColumns: readonly string[];
  readonly fileWarnings: readonly FileWarning[];
  /**
   * The reseller's saved header aliases this file used: header as written → key (absent when
   * none), so a report can point a finding at an aliased column (issue 20 item 8).
   */
  readonly savedAliases?: Readonly<Record<string, FieldKey>>;
}

/**
 * One data row. `values` holds every key (blank = ''), normalised per SPEC §3: codes NFKC'd and
 * cleaned, dates as YYYY-MM-DD when they parse, free text trimmed only. A value that cannot be
 * normalised is kept as written (trimmed) so validation can name it.
 */
export interface IngestedRow {
  readonly sheet: string | null;
  /** Excel row number (1-based) as the user sees it; a quoted multi-line CSV record is one row. */
  readonly row: number;
  readonly values: Readonly<Record<FieldKey, string>>;
  /** The cells as read (display text), aligned with `FileFacts.headers`. */
  readonly cells: readonly string[];
}

export interface IngestOptions {
  readonly encoding?: EncodingOption;
  readonly sheet?: string;
  readonly limits: Limits;
  /** The reseller's saved header mapping, loaded by the caller (the ingest reads no database). */
  readonly aliases?: SavedAliases;
}

export interface Ingest {
  readonly facts: FileFacts;
  /**
   * Rows lazily, in file order, a chunk at a time (a few hundred rows, never none); throws
   * `PackregError` for a file-level problem found mid-stream.
   */
  readonly rows: AsyncIterable<readonly IngestedRow[]>;
}
