import type { Limits } from '../config.js';
import { FIELD_KEYS, type FieldKey } from '../domain/fields.js';
import type { SavedAliases } from './headerAliases.js';
import { openIngest } from './openIngest.js';
import type { EncodingOption, FileType, TextEncoding } from './types.js';

export interface InspectOptions {
  readonly encoding?: EncodingOption;
  readonly sheet?: string;
  /** At most this many data rows (default: all). */
  readonly limit?: number;
  readonly limits: Limits;
  /** The reseller's saved header mapping (`inspect --reseller CODE`), loaded by the caller. */
  readonly aliases?: SavedAliases;
}

/** SPEC §7 `packreg inspect --json`. */
export interface InspectResult {
  readonly type: FileType;
  readonly encoding: TextEncoding | null;
  readonly sheet: string | null;
  readonly headerRow: number;
  readonly columns: Readonly<Partial<Record<FieldKey, string>>>;
  readonly unknownColumns: readonly string[];
  /** With `--reseller`: the saved header mappings this file used (header as written → key). */
  readonly savedAliases?: Readonly<Record<string, FieldKey>>;
  readonly rows: readonly { readonly sheet: string | null; readonly row: number; readonly values: Readonly<Record<FieldKey, string>> }[];
}

/**
 * What packreg sees in a file, without a database (SPEC §7). File-level errors are thrown as
 * PackregError for the CLI to print as `{ error: { code, message } }` with exit 2.
 */
export async function inspectFile(path: string, options: InspectOptions): Promise<InspectResult> {
  const ingest = await openIngest(path, {
    encoding: options.encoding,
    sheet: options.sheet,
    limits: options.limits,
    ...(options.aliases ? { aliases: options.aliases } : {}),
  });
  const rows: InspectResult['rows'][number][] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit > 0) {
    reading: for await (const chunk of ingest.rows) {
      for (const row of chunk) {
        rows.push({ sheet: row.sheet, row: row.row, values: row.values });
        if (rows.length >= limit) break reading;
      }
    }
  }
  const { type, encoding, sheet, headerRow, columns, unknownColumns, savedAliases } = ingest.facts;
  return { type, encoding, sheet, headerRow, columns, unknownColumns, ...(options.aliases ? { savedAliases: savedAliases ?? {} } : {}), rows };
}

/**
 * A readable report for a terminal: the file facts, the column mapping, then one line per row
 * (row number and the non-blank values, `key=value`), control characters shown escaped.
 */
export function formatInspectTable(result: InspectResult): string {
  const lines: string[] = [];
  lines.push(`type:       ${result.type}${result.encoding ? ` (${result.encoding})` : ''}`);
  if (result.sheet !== null) lines.push(`sheet:      ${result.sheet}`);
  lines.push(`header row: ${result.headerRow}`);
  lines.push('columns:');
  const width = Math.max(...FIELD_KEYS.map((k) => k.length));
  const saved = new Set(Object.keys(result.savedAliases ?? {}));
  for (const key of FIELD_KEYS) {
    const header = result.columns[key];
    lines.push(`  ${key.padEnd(width)}  ${header ?? '(absent)'}${header !== undefined && saved.has(header) ? '  (saved mapping)' : ''}`);
  }
  if (result.unknownColumns.length > 0) lines.push(`unknown columns: ${result.unknownColumns.join(', ')}`);
  lines.push(`rows: ${result.rows.length}`);
  const rowWidth = Math.max(3, ...result.rows.map((r) => String(r.row).length));
  for (const row of result.rows) {
    const values = FIELD_KEYS.filter((key) => row.values[key] !== '').map((key) => `${key}=${visible(row.values[key])}`);
    lines.push(`  ${String(row.row).padStart(rowWidth)}  ${values.join('  ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
