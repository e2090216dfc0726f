import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../db/openDatabase.js';
import { copyLine } from './copyLine.js';
import { COPY_COLUMNS, type StagedRow } from './stagedColumns.js';

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

export async function makeRowStager(db: Database, importId: string): Promise<RowStager> {
  return db.engine.bulkLoad === 'copy-stream' ? makeCopyStager(db.knex, importId) : makeBlobStager(db.knex, importId);
}

/**
 * The batch's COPY text as UTF-8, each line encoded on its own into one buffer for the batch: a
 * batch built as one string by `+=` is a rope of ≈ 50 pieces per row, and flattening 2,000 rows of
 * it before encoding cost more than building it (0.72 s of native time per 200k rows in a dry
 * run's profile). A line's rope is small and flattens in cache. Written straight into the batch's
 * buffer rather than a buffer per line joined afterwards (BENCHMARKS.md, nineteenth round); the
 * buffer grows by doubling when a line might not fit (a character is at most 3 bytes of UTF-8).
 */
function copyBytes(importId: string, batch: readonly StagedRow[]): Buffer {
  let bytes = Buffer.allocUnsafeSlow(batch.length * LINE_BYTES_GUESS);
  let size = 0;
  for (let i = 0; i < batch.length; i += 1) {
    const line = copyLine(importId, batch[i]!);
    const most = size + line.length * 3;
    if (most > bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, most));
      bytes.copy(grown, 0, 0, size);
      bytes = grown;
    }
    size += bytes.write(line, size, 'utf8');
  }
  return bytes.subarray(0, size);
}

/** A staged line's bytes, for the first guess at a batch's buffer (the bench file's: ≈ 485). */
const LINE_BYTES_GUESS = 640;

const COLUMN_LIST = COPY_COLUMNS.join(', ');

/**
 * PGlite: one COPY per batch from an in-memory blob (its `/dev/blob` device). Several times
 * faster than multi-row INSERTs, which PGlite's single-threaded server must parse and plan.
 */
function makeBlobStager(knex: Knex, importId: string): RowStager {
  return {
    async write(batch) {
      const blob = new Blob([copyBytes(importId, batch)]);
      await knex.raw(`copy import_rows (${COLUMN_LIST}) from '/dev/blob'`).options({ blob });
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
 * visible when the stream ends (COPY is one statement). The connection is taken at the first
 * write, after that batch's look-ups: a file of one batch then needs no second connection.
 */
async function makeCopyStager(knex: Knex, importId: string): Promise<RowStager> {
  const client = knex.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(c: PgConnection): Promise<void> };
  let copy: { connection: PgConnection; stream: NodeJS.WritableStream & { end(): void } } | null = null;
  let failure: Error | undefined;
  const open = async () => {
    const connection = await client.acquireConnection();
    const stream = connection.query(copyFrom(`copy import_rows (${COLUMN_LIST}) from stdin`));
    stream.on('error', (error: Error) => {
      failure = error;
    });
    copy = { connection, stream };
    return copy;
  };
  return {
    async write(batch) {
      if (failure) throw failure;
      const { stream } = copy ?? (await open());
      if (!stream.write(copyBytes(importId, batch))) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failure) throw failure;
    },
    async finish() {
      if (!copy) return;
      try {
        copy.stream.end();
        await finished(copy.stream);
      } finally {
        await client.releaseConnection(copy.connection);
      }
    },
    async abort() {
      if (!copy) return;
      // A connection left in the middle of a COPY is no use to anyone: close it, and knex's pool
      // discards it when it is released.
      await copy.connection.end().catch(() => undefined);
      await client.releaseConnection(copy.connection).catch(() => undefined);
    },
  };
}
