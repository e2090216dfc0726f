import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Knex } from 'knex';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { rowsPerStatement } from '../db/engines.js';
import { REFERENCE_FILES, type ReferenceFile } from './referenceFiles.js';

export interface ReferenceLoadResult {
  /** Rows read per file. */
  readonly read: Record<string, number>;
  /** Rows inserted or changed per table (0 everywhere when the same directory is loaded again). */
  readonly changed: Record<string, number>;
}

const BATCH_ROWS = 2_000;

/**
 * `packreg reference load DIR`: the six CSVs of SPEC §2 in one transaction, as an idempotent
 * upsert. A bad file is rejected with its file, line and reason, and nothing is loaded. Rows are
 * streamed and upserted in batches, so a large serial list never sits in memory whole. Rows absent
 * from the files are kept (registrations refer to them); the load adds and updates only.
 */
export async function loadReference(ctx: Context, dir: string): Promise<ReferenceLoadResult> {
  for (const spec of REFERENCE_FILES) {
    const file = path.join(dir, spec.file);
    if (!fs.existsSync(file)) throw new PackregError('REFERENCE_INVALID', { file: spec.file, reason: 'file is missing' });
  }
  const read: Record<string, number> = {};
  const changed: Record<string, number> = {};
  await ctx.db.knex.transaction(async (trx) => {
    for (const spec of REFERENCE_FILES) {
      const counts = await loadFile(ctx, trx, spec, path.join(dir, spec.file));
      read[spec.file] = counts.read;
      changed[spec.table] = counts.changed;
    }
  });
  // Fresh statistics for the tables that changed. Imports look rows up by key in batches of
  // 2,000 (`serial = any($1)`); planned against a never-analysed million-row pack_serials, that
  // was a parallel sequential scan per batch — 37 s of a million-row import's 122 s, growing with
  // the square of the size (issue 9) — until autovacuum happened to get there.
  const tables = REFERENCE_FILES.filter((spec) => (changed[spec.table] ?? 0) > 0).map((spec) => spec.table);
  if (tables.length > 0) await ctx.db.knex.raw(`analyze ${tables.join(', ')}`);
  ctx.log.info({ read, changed }, 'reference data loaded');
  return { read, changed };
}

async function loadFile(
  ctx: Context,
  trx: Knex.Transaction,
  spec: ReferenceFile,
  file: string,
): Promise<{ read: number; changed: number }> {
  const parser = fs.createReadStream(file).pipe(
    // Column counts are checked here, not by csv-parse: its error would overtake the header record
    // still buffered in the stream, and the user would hear about line 2 instead of the header.
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 }),
  );
  let columns: string[] | undefined;
  const seen = new Set<string>();
  let batch: { line: number; row: Record<string, unknown> }[] = [];
  let read = 0;
  let changed = 0;
  const fail = (line: number | undefined, reason: string): never => {
    throw new PackregError('REFERENCE_INVALID', { file: spec.file, line, reason });
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = checkHeader(spec, record, (reason) => fail(info.lines, reason));
        continue;
      }
      if (record.length !== columns.length) fail(info.lines, `expected ${columns.length} fields, found ${record.length}`);
      const parsed = spec.schema.safeParse(Object.fromEntries(columns.map((c, i) => [c, record[i] ?? ''])));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        fail(info.lines, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      const row = parsed.data as Record<string, unknown>;
      const key = spec.key.map((k) => String(row[k])).join('\u0000');
      if (seen.has(key)) fail(info.lines, `duplicate ${spec.key.join('+')} ${spec.key.map((k) => String(row[k])).join('/')}`);
      seen.add(key);
      batch.push({ line: info.lines, row });
      read += 1;
      if (batch.length >= BATCH_ROWS) {
        changed += await upsertBatch(ctx, trx, spec, batch, fail);
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof PackregError) throw error;
    const e = error as { code?: string; lines?: number; message?: string };
    fail(e.lines, `CSV syntax: ${e.code ?? ''} ${e.message ?? String(error)}`.trim());
  }
  if (!columns) fail(1, 'the file has no header row');
  if (batch.length > 0) changed += await upsertBatch(ctx, trx, spec, batch, fail);
  return { read, changed };
}

function checkHeader(spec: ReferenceFile, record: string[], fail: (reason: string) => never): string[] {
  const expected = Object.keys((spec.schema as unknown as { shape: Record<string, unknown> }).shape);
  const header = record.map((h) => h.trim());
  const unknown = header.filter((h) => !expected.includes(h));
  const missing = expected.filter((c) => !header.includes(c));
  const duplicate = header.filter((h, i) => header.indexOf(h) !== i);
  if (unknown.length > 0) fail(`unknown column ${unknown.join(', ')} (expected ${expected.join(', ')})`);
  if (missing.length > 0) fail(`missing column ${missing.join(', ')}`);
  if (duplicate.length > 0) fail(`duplicate column ${duplicate.join(', ')}`);
  return header;
}

async function upsertBatch(
  ctx: Context,
  trx: Knex.Transaction,
  spec: ReferenceFile,
  batch: { line: number; row: Record<string, unknown> }[],
  fail: (line: number | undefined, reason: string) => never,
): Promise<number> {
  // Foreign keys are checked here, with the file's line, rather than left to the constraint
  // (which would name neither). Earlier files are already upserted in this transaction.
  for (const ref of spec.references) {
    const wanted = [...new Set(batch.map((b) => String(b.row[ref.column])))];
    const found = new Set(
      (await trx(ref.table).whereIn(ref.key, wanted).pluck(ref.key)).map((v: unknown) => String(v)),
    );
    const bad = batch.find((b) => !found.has(String(b.row[ref.column])));
    if (bad) fail(bad.line, `${ref.column} ${String(bad.row[ref.column])} is not in ${ref.table}`);
  }
  const rows = batch.map((b) => (spec.derive ? { ...b.row, ...spec.derive(b.row) } : b.row));
  const columns = Object.keys(rows[0] ?? {});
  const updatable = columns.filter((c) => !spec.key.includes(c));
  let changed = 0;
  const perStatement = rowsPerStatement(ctx.db.engine, columns.length + 1);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    let query = trx(spec.table).insert(chunk).onConflict([...spec.key]);
    if (updatable.length === 0) {
      const result = await query.ignore().returning(spec.key[0] as string);
      changed += result.length;
      continue;
    }
    // Only rows whose data differ are touched, so loading the same files again changes nothing.
    const merged = query
      .merge([...updatable, ...(spec.stamped ? ['updated_at'] : [])].reduce<Record<string, unknown>>((acc, c) => {
        acc[c] = c === 'updated_at' ? trx.fn.now() : trx.raw('excluded.??', [c]);
        return acc;
      }, {}))
      .where(
        trx.raw(
          `(${updatable.map(() => `${spec.table}.??`).join(', ')}) is distinct from (${updatable.map(() => 'excluded.??').join(', ')})`,
          [...updatable, ...updatable],
        ),
      );
    const result = await merged.returning(spec.key[0] as string);
    changed += result.length;
  }
  return changed;
}
