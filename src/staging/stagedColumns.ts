import { isError } from '../domain/rowCodes.js';
import type { IngestedRow } from '../ingest/types.js';
import type { RowVerdict } from '../rules/checkReferences.js';

/** One validated row on its way into `import_rows`. */
export interface StagedRow {
  /** Position in the file, from 1: the report's order. */
  readonly seq: number;
  readonly row: IngestedRow;
  readonly verdict: RowVerdict;
}

/** How a column is stored, and what knex hands back for it. */
interface Kinds {
  text: string;
  nullableText: string | null;
  integer: number;
  date: string | null;
  boolean: boolean;
  /** jsonb: later statements read or extend it in SQL (findings, options). */
  jsonb: unknown;
  /** JSON kept as text: only echoed back (the report's cells); never parsed by the server on load. */
  jsonText: string;
}
type Kind = keyof Kinds;
type CopyValue = string | number | boolean | null;

interface ColumnSpec {
  readonly kind: Kind;
  /** The value staged for a row (COPY text is built from it). */
  readonly of: (staged: StagedRow) => CopyValue;
  /** Copied as is into `registrations` (same name there) when the row is committed. */
  readonly registered?: true;
  /** Shown by the results view `import_row_results` (what a report reads). */
  readonly reported?: true;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000: a NUL in any cell (CSV byte or XLSX `_x0000_`)
 * made the whole import fail with INTERNAL (test/reliability/hostileFiles.test.ts). The row was
 * already judged on the real text (TEXT_INVALID in a mapped column); what is stored for the report
 * shows the NUL as ␀ (U+2400). Text values are handled by `copyText`; in JSON a NUL is the escape
 * `\u0000` (one not preceded by an escaped backslash), replaced after stringifying — a replacer
 * function would call back into JavaScript for every value of every row.
 */
const JSON_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;
function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(JSON_NUL, '$1\u2400') : json;
}

const findings = (s: StagedRow, errors: boolean): string =>
  s.verdict.findings.length === 0 ? '[]' : storableJson(s.verdict.findings.filter((f) => isError(f.code) === errors));

/**
 * The staged row, declared once: `import_rows`' columns after `import_id`, in COPY order. The COPY
 * line (`copyLine`), the registrations insert (`registeredColumns`), the results view
 * (`createResultsView`) and the table's TypeScript type (`ImportRowRecord`, knex's `Tables`) are
 * derived from it. A column added here needs a migration that adds it to the table (and, when
 * `reported`, one that calls `createResultsView` again).
 */
export const STAGED_COLUMNS = {
  seq: { kind: 'integer', of: (s) => s.seq, reported: true },
  sheet: { kind: 'nullableText', of: (s) => s.row.sheet, reported: true },
  row_number: { kind: 'integer', of: (s) => s.row.row, reported: true },
  status: { kind: 'text', of: (s) => s.verdict.status },
  support_id: { kind: 'text', of: (s) => s.row.values.support_id, registered: true, reported: true },
  pack_model: { kind: 'text', of: (s) => s.row.values.pack_model, registered: true, reported: true },
  pack_serial: { kind: 'text', of: (s) => s.row.values.pack_serial, registered: true, reported: true },
  product_model: { kind: 'text', of: (s) => s.row.values.product_model, registered: true },
  product_serial: { kind: 'text', of: (s) => s.row.values.product_serial, registered: true },
  service_start: { kind: 'date', of: (s) => s.verdict.serviceStart, registered: true },
  requested_service_end: { kind: 'date', of: (s) => s.verdict.requestedEnd, registered: true },
  // The effective end: given or defaulted, then clamped to the product's end of support.
  service_end: { kind: 'date', of: (s) => s.verdict.serviceEnd, registered: true, reported: true },
  end_clamped: { kind: 'boolean', of: (s) => s.verdict.endClamped, registered: true },
  site_name: { kind: 'text', of: (s) => s.row.values.site_name, registered: true },
  site_postal_code: { kind: 'text', of: (s) => s.row.values.site_postal_code, registered: true },
  site_address: { kind: 'text', of: (s) => s.row.values.site_address, registered: true },
  site_building: { kind: 'text', of: (s) => s.row.values.site_building, registered: true },
  site_phone: { kind: 'text', of: (s) => s.row.values.site_phone, registered: true },
  options: { kind: 'jsonb', of: (s) => (s.verdict.options.length === 0 ? '[]' : storableJson(s.verdict.options)) },
  label_recipient: { kind: 'text', of: (s) => s.row.values.label_recipient },
  needs_label: { kind: 'boolean', of: (s) => s.verdict.needsLabel },
  manual_review: { kind: 'boolean', of: (s) => s.verdict.manualReview },
  receipt_no: { kind: 'nullableText', of: (s) => s.verdict.receiptNo },
  errors: { kind: 'jsonb', of: (s) => findings(s, true), reported: true },
  warnings: { kind: 'jsonb', of: (s) => findings(s, false), reported: true },
  cells: { kind: 'jsonText', of: (s) => storableJson(s.row.cells), reported: true },
} as const satisfies Record<string, ColumnSpec>;

export type StagedColumn = keyof typeof STAGED_COLUMNS;

/** A row of `import_rows` as knex returns it. */
export type ImportRowRecord = { import_id: string } & {
  -readonly [K in StagedColumn]: Kinds[(typeof STAGED_COLUMNS)[K]['kind']];
};

const names = Object.keys(STAGED_COLUMNS) as StagedColumn[];
const flagged = (flag: 'registered' | 'reported') =>
  names.filter((n) => (STAGED_COLUMNS[n] as ColumnSpec)[flag] === true);

/** COPY's column list: `import_id` then the declared columns in order. */
export const COPY_COLUMNS: readonly string[] = ['import_id', ...names];
/** Columns a committed row copies into `registrations` under the same names. */
export const REGISTERED_COLUMNS: readonly StagedColumn[] = flagged('registered');
/** Columns the results view passes through from the staged row. */
export const REPORTED_COLUMNS: readonly StagedColumn[] = flagged('reported');
/** The declared columns in COPY order, for `copyLine`. */
export const STAGED_VALUES: ReadonlyArray<(s: StagedRow) => CopyValue> = names.map((n) => (STAGED_COLUMNS[n] as ColumnSpec).of);
