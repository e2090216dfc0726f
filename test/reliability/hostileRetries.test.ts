import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { processInboxFile } from '../../src/jobs/processInboxFile.js';
import { runHttpImport } from '../../src/jobs/httpImportTask.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { uploadStore } from '../../src/server/uploadStore.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/**
 * An upload that takes the process down with it (before bounded XLSX reading, a 1.9 MB workbook
 * took `serve` to 4.5 GB; on PGlite the restarted server took the same upload and died again,
 * forever). An interrupted import is resumed once — a restart during an import is not the
 * file's fault — and failed when it is found interrupted a second time: never a crash loop.
 * The crash itself is simulated by leaving the batch (or the nightly ledger) as a killed
 * process leaves it: `running`.
 */
const CSV = 'サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日\n300000001,SP-SW-36,SW-0001,EXP-5800-R120,2026-12-01\n';

describeEachEngine('an import that crashed its process is not taken again and again', (t) => {
  let dir: string;
  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-retries-'));
    await fs.writeFile(path.join(dir, 'upload.csv'), CSV);
  });

  const queuedUpload = async (): Promise<string> => {
    const knex = t().db.knex;
    const [row] = await knex('import_batches')
      .insert({ reseller_code: 'RS001', file_name: 'upload.csv', source: 'http', status: 'queued', options: JSON.stringify({ dryRun: true }) })
      .returning('id');
    const id = String((row as { id: string }).id);
    await uploadStore.save(knex, id, path.join(dir, 'upload.csv'), 'en');
    return id;
  };

  it('HTTP: interrupted once, the import runs again; interrupted twice, it is failed (IMPORT_ABANDONED) and its upload\'s bytes dropped', async () => {
    const ctx = t().context();
    const knex = ctx.db.knex;
    // A killed process leaves its batch `running` under a runner key nobody holds any more (0).
    const killed = { status: 'running' as const, runner_key: 0, runner_host: 'gone', runner_pid: 1 };
    const id = await queuedUpload();
    // The first take died mid-import: the next one resumes it, and counts the interruption.
    await knex('import_batches').where({ id }).update(killed);
    expect(await runHttpImport(ctx, id)).toBe('finished');
    expect(await knex('import_batches').where({ id }).first('status', 'error_code', 'interruptions')).toEqual({ status: 'finished', error_code: null, interruptions: 1 });

    const again = await queuedUpload();
    // Took the process down again during the resumed take (left running, once re-queued before).
    await knex('import_batches').where({ id: again }).update({ ...killed, interruptions: 1 });
    expect(await runHttpImport(ctx, again)).toBe('failed');
    const batch = await knex('import_batches').where({ id: again }).first('status', 'error_code', 'error_params');
    expect(batch).toMatchObject({ status: 'failed', error_code: 'IMPORT_ABANDONED', error_params: { interruptions: 2 } });
    expect(await knex('upload_chunks').where({ import_id: again }).first()).toBeUndefined();
    expect(await runHttpImport(ctx, again)).toBe('skipped');
  });

  it('nightly: a file whose import died twice is filed in failed/ (INTERNAL), not imported a third time', async () => {
    // The real clock: the nightly job compares it with the file's mtime.
    const ctx = t().context({ clock: systemClock });
    const knex = ctx.db.knex;
    const inbox = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-retries-inbox-')), 'inbox');
    await fs.mkdir(path.join(inbox, 'RS001'), { recursive: true });
    await fs.writeFile(path.join(inbox, 'RS001', 'crash.csv'), CSV);
    const quiet = new Date(Date.now() - 10 * 60_000);
    await fs.utimes(path.join(inbox, 'RS001', 'crash.csv'), quiet, quiet);
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(CSV).digest('hex');
    const [batch] = await knex('import_batches').insert({ reseller_code: 'RS001', file_name: 'crash.csv', source: 'nightly', status: 'running' }).returning('id');
    // Two runs claimed the file and died in it (the ledger counts claims).
    await knex('nightly_files').insert({ reseller_code: 'RS001', sha256, file_name: 'crash.csv', status: 'running', import_id: (batch as { id: string }).id, attempts: 2, claimed_by: 'test', claimed_at: knex.fn.now() });
    const outcome = await processInboxFile(ctx, { inbox, reseller: 'RS001', name: Buffer.from('crash.csv'), lang: 'en' });
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: 'INTERNAL' } });
    expect(await knex('nightly_files').where({ sha256 }).first('status', 'error_code', 'attempts')).toEqual({ status: 'failed', error_code: 'INTERNAL', attempts: 2 });
    expect(await fs.readdir(path.join(inbox, '..', 'failed', 'RS001'))).toEqual(['crash.csv', 'crash.csv.error.json']);
    expect(Number((await knex('import_batches').where({ source: 'nightly', status: 'finished' }).count({ n: '*' }))[0]?.n)).toBe(0);
  });
});
