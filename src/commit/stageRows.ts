import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText } from '../db/copyText.js';
import type { Database } from '../db/openDatabase.js';
import { isError } from '../domain/rowCodes.js';
import type { IngestedRow } from '../ingest/types.js';
import type { RowVerdict } from '../rules/checkReferences.js';

export interface StagedRow {
  /** Position in the file, from 1: the report's order. */
  readonly seq: number;
  readonly row: IngestedRow;
  readonly verdict: RowVerdict;
}

/**
 * Writes validated rows into `import_rows`. These rows are both the per-row results a report is
 * rebuilt from and the staging area the cross-file pass and the commit work on, set-based,
 * without holding the file in memory. `finish` must be awaited before anything reads them.
 */
export interface RowStager {
  write(batch: readonly StagedRow[]): Promise<void>;
  finish(): Promise<void>;
  /** Give up after an error; staged rows may be partly written (the import is marked failed). */
  abort(): Promise<void>;
}

const COLUMNS = [
  'import_id', 'seq', 'sheet', 'row_number', 'status', 'support_id', 'pack_model', 'pack_serial',
  'product_model', 'product_serial', 'service_start', 'requested_service_end', 'service_end',
  'end_clamped', 'site_name', 'site_postal_code', 'site_address', 'site_building', 'site_phone',
  'options', 'label_recipient', 'needs_label', 'manual_review', 'receipt_no', 'errors', 'warnings',
  'cells',
] as const;

type Value = string | number | boolean | null;

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

function copyLine(importId: string, { seq, row, verdict }: StagedRow): string {
  const v = row.values;
  let errors = '[]';
  let warnings = '[]';
  if (verdict.findings.length > 0) {
    errors = storableJson(verdict.findings.filter((f) => isError(f.code)));
    warnings = storableJson(verdict.findings.filter((f) => !isError(f.code)));
  }
  const values: Value[] = [
    importId, seq, row.sheet, row.row, verdict.status, v.support_id, v.pack_model, v.pack_serial,
    v.product_model, v.product_serial, verdict.serviceStart, verdict.requestedEnd, verdict.serviceEnd,
    verdict.endClamped, v.site_name, v.site_postal_code, v.site_address, v.site_building, v.site_phone,
    storableJson(verdict.options), v.label_recipient, verdict.needsLabel, verdict.manualReview,
    verdict.receiptNo, errors, warnings, storableJson(row.cells),
  ];
  let line = copyText(values[0]!);
  for (let i = 1; i < values.length; i++) line += `\t${copyText(values[i]!)}`;
  return `${line}\n`;
}

export async function makeRowStager(db: Database, importId: string): Promise<RowStager> {
  return db.engine.bulkLoad === 'copy-stream' ? makeCopyStager(db.knex, importId) : makeBlobStager(db.knex, importId);
}

function copyLines(importId: string, batch: readonly StagedRow[]): string {
  let text = '';
  for (const staged of batch) text += copyLine(importId, staged);
  return text;
}

/**
 * PGlite: one COPY per batch from an in-memory blob (its `/dev/blob` device). Several times
 * faster than multi-row INSERTs, which PGlite's single-threaded server must parse and plan.
 */
function makeBlobStager(knex: Knex, importId: string): RowStager {
  return {
    async write(batch) {
      const blob = new Blob([copyLines(importId, batch)]);
      await knex.raw(`copy import_rows (${COLUMNS.join(', ')}) from '/dev/blob'`).options({ blob });
    },
    async finish() {},
    async abort() {},
  };
}

interface PgConnection {
  query(stream: NodeJS.WritableStream): NodeJS.WritableStream;
  end(): Promise<void>;
}

/**
 * One COPY stream on a connection of its own for the whole import: PostgreSQL parses and stores
 * rows on its own core while this process reads and validates the next batch. The rows become
 * visible when the stream ends (COPY is one statement).
 */
async function makeCopyStager(knex: Knex, importId: string): Promise<RowStager> {
  const client = knex.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(c: PgConnection): Promise<void> };
  const connection = await client.acquireConnection();
  const stream = connection.query(copyFrom(`copy import_rows (${COLUMNS.join(', ')}) from stdin`));
  let failure: Error | undefined;
  stream.on('error', (error: Error) => {
    failure = error;
  });
  return {
    async write(batch) {
      if (failure) throw failure;
      if (!stream.write(copyLines(importId, batch))) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failure) throw failure;
    },
    async finish() {
      try {
        stream.end();
        await finished(stream);
      } finally {
        await client.releaseConnection(connection);
      }
    },
    async abort() {
      // A connection left in the middle of a COPY is no use to anyone: close it, and knex's pool
      // discards it when it is released.
      await connection.end().catch(() => undefined);
      await client.releaseConnection(connection).catch(() => undefined);
    },
  };
}
