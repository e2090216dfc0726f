import fs from 'node:fs';
import { once } from 'node:events';
import type { Knex } from 'knex';
import type { Lang } from '../domain/lang.js';

/** Bytes per stored chunk: large enough for few round trips, small enough to never matter in memory. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Uploaded files kept in the database (upload_files + upload_chunks, migration 0004) between the
 * request that received them and the job that imports them. The database is the one thing every
 * `serve` and `packreg worker` process shares, wherever it runs (docs/http.md); chunks of 1 MiB
 * keep both ends streaming.
 */
export const uploadStore = {
  /** Copy a received file into the store for `importId` (inside the caller's transaction). */
  async save(db: Knex, importId: string, file: string, lang: Lang): Promise<{ bytes: number; chunks: number }> {
    let bytes = 0;
    let seq = 0;
    await db('upload_files').insert({ import_id: importId, bytes: 0, chunks: 0, lang });
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      await db('upload_chunks').insert({ import_id: importId, seq, data: chunk as Buffer });
      bytes += (chunk as Buffer).length;
      seq += 1;
    }
    await db('upload_files').where({ import_id: importId }).update({ bytes, chunks: seq });
    return { bytes, chunks: seq };
  },

  /** Write the stored file to `dest`, one chunk in memory at a time; false when nothing is stored. */
  async materialise(db: Knex, importId: string, dest: string): Promise<boolean> {
    const head = await db('upload_files').where({ import_id: importId }).first('chunks');
    if (!head) return false;
    const out = fs.createWriteStream(dest, { flags: 'w', mode: 0o600 });
    try {
      for (let seq = 0; seq < Number(head.chunks); seq += 1) {
        const row = await db('upload_chunks').where({ import_id: importId, seq }).first('data');
        if (!row) throw new Error(`upload ${importId} is missing chunk ${seq}`);
        // pg returns a Buffer, PGlite a Uint8Array.
        if (!out.write(Buffer.from(row.data as Uint8Array))) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
      return true;
    } catch (error) {
      out.destroy();
      throw error;
    }
  },

  /** The language the file was uploaded in (the default for its reports), or null. */
  async lang(db: Knex, importId: string): Promise<Lang | null> {
    const row = await db('upload_files').where({ import_id: importId }).first('lang');
    return row?.lang === 'en' || row?.lang === 'ja' ? row.lang : null;
  },

  /**
   * Hand the stored file of `from` (a dry run) to `to` (the import that commits its plan), inside
   * the caller's transaction: the chunks change owner, nothing is copied. False when the bytes
   * are no longer (or were never) stored.
   */
  async moveBytes(db: Knex, from: string, to: string): Promise<boolean> {
    const head = await db('upload_files').where({ import_id: from }).first('bytes', 'chunks', 'lang');
    if (!head) return false;
    const [stored] = await db('upload_chunks').where({ import_id: from }).count({ n: '*' });
    if (Number(stored?.n ?? 0) !== Number(head.chunks)) return false;
    await db('upload_files').insert({ import_id: to, bytes: head.bytes, chunks: head.chunks, lang: head.lang });
    await db('upload_chunks').where({ import_id: from }).update({ import_id: to });
    return true;
  },

  /**
   * Drop the bytes kept for dry runs' plans that nobody committed within `hours` (issue 20: an
   * uploaded dry run keeps its file so its plan can be committed; not for ever).
   */
  async dropUnusedPlanBytes(db: Knex, hours: number): Promise<void> {
    await db.raw(
      `delete from upload_chunks c using import_plans p
        where c.import_id = p.import_id and p.committed_by is null and p.created_at < now() - make_interval(hours => ?)`,
      [hours],
    );
  },

  /** Drop the stored bytes once imported (the batch keeps the sha256); the language is kept. */
  async dropBytes(db: Knex, importId: string): Promise<void> {
    await db('upload_chunks').where({ import_id: importId }).delete();
  },
};
