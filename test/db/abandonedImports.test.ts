import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openPostgres } from '../../src/db/openDatabase.js';
import { settleAbandonedImports } from '../../src/db/settleAbandonedImports.js';
import { importFile } from '../../src/import.js';
import { makeLogger } from '../../src/log.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { loadImportStatus } from '../../src/server/loadImportStatus.js';
import { startServer } from '../../src/server/startServer.js';
import { uploadStore } from '../../src/server/uploadStore.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { UPLOAD_HEADERS, uploadRow, writeUploadCsv } from '../helpers/uploadFile.js';

/**
 * SPEC §7 `IMPORT_ABANDONED` (issue 15): which batches the sweep settles and which it must never
 * touch. A runner is alive while its advisory lock is held (src/db/importRunner.ts); key 0 is
 * never held by anyone, so a batch naming it has lost its process.
 */
const GONE = 0;

describeEachEngine('abandoned imports', (t) => {
  const knex = () => t().db.knex;
  let supportId: string;
  let uploadFile: string;

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    supportId = (await knex()('contracts').where({ reseller_code: 'RS001' }).first('support_id')).support_id;
    uploadFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-upl-')), 'u.csv');
    await fs.writeFile(uploadFile, 'support id\n1\n');
  });

  const batch = async (fields: Record<string, unknown>): Promise<string> => {
    const [row] = await knex()('import_batches')
      .insert({ reseller_code: 'RS001', file_name: 'f.csv', source: 'cli', status: 'running', runner_host: os.hostname(), runner_pid: 1, ...fields })
      .returning('id');
    return (row as { id: string }).id;
  };
  const state = async (id: string) => (await knex()('import_batches').where({ id }).first('status', 'error_code', 'runner_key', 'report_paths'))!;

  it('fails a CLI or nightly batch whose runner is gone, and leaves a live runner\'s, an unstarted upload and a pre-0007 batch alone', async () => {
    await t().db.runner.hold();
    const mine = t().db.runner.columns().runner_key;
    const dead = await batch({ runner_key: GONE });
    const deadQueued = await batch({ runner_key: GONE, status: 'queued', source: 'nightly' });
    const alive = await batch({ runner_key: mine });
    const upload = await batch({ source: 'http', status: 'queued', runner_key: null });
    const unknown = await batch({ runner_key: null });
    const finished = await batch({ runner_key: GONE, status: 'finished' });

    const settled = await settleAbandonedImports(knex(), { sources: ['cli', 'nightly'] });
    expect(settled.failed.map((f) => f.id).sort()).toEqual([dead, deadQueued].sort());
    expect(await state(dead)).toMatchObject({ status: 'failed', error_code: 'IMPORT_ABANDONED' });
    expect(await state(deadQueued)).toMatchObject({ status: 'failed', error_code: 'IMPORT_ABANDONED' });
    expect(await state(alive)).toMatchObject({ status: 'running', error_code: null });
    expect(await state(upload)).toMatchObject({ status: 'queued', error_code: null });
    expect(await state(unknown)).toMatchObject({ status: 'running', error_code: null });
    expect(await state(finished)).toMatchObject({ status: 'finished', error_code: null });
  });

  it('GET /v1/imports/:id reports an abandoned CLI import failed with IMPORT_ABANDONED in both languages; a live one stays running', async () => {
    await t().db.runner.hold();
    const dead = await batch({ runner_key: GONE, runner_host: 'host-a', runner_pid: 4242 });
    const alive = await batch({ runner_key: t().db.runner.columns().runner_key });
    const en = await loadImportStatus(knex(), dead, 'RS001', 'en');
    expect(en).toMatchObject({ status: 'failed', error: { code: 'IMPORT_ABANDONED' } });
    expect(en!.error!.message).toMatch(/interrupted.*host-a:4242.*import the same file again/);
    const ja = await loadImportStatus(knex(), dead, 'RS001', 'ja');
    expect(ja!.error!.message).toMatch(/中断.*host-a:4242/);
    expect((await loadImportStatus(knex(), alive, 'RS001', 'en'))?.status).toBe('running');
    // Another reseller asking learns nothing, whatever the sweep did.
    expect(await loadImportStatus(knex(), dead, 'RS002', 'en')).toBeNull();
  });

  it('an abandoned upload goes back to the queue when it committed nothing, and fails when it did', async () => {
    const fresh = await batch({ source: 'http', runner_key: GONE });
    await uploadStore.save(knex(), fresh, uploadFile, 'ja');
    await knex()('import_rows').insert({ import_id: fresh, seq: 1, row_number: 2, status: 'valid' });
    const committed = await batch({ source: 'http', runner_key: GONE });
    await uploadStore.save(knex(), committed, uploadFile, 'ja');
    await knex()('applications').insert({ import_id: committed, support_id: supportId, reseller_code: 'RS001', status: 'completed' });
    const bytesGone = await batch({ source: 'http', runner_key: GONE });

    // Sweeps that do not own the queue leave uploads alone.
    expect((await settleAbandonedImports(knex(), { sources: ['cli', 'nightly'] })).failed.map((f) => f.id)).not.toContain(fresh);
    expect(await state(fresh)).toMatchObject({ status: 'running' });

    const requeued: string[] = [];
    const settled = await settleAbandonedImports(knex(), { sources: ['http'], requeue: async (_trx, id) => void requeued.push(id) });
    expect(settled.requeued).toEqual([fresh]);
    expect(requeued).toEqual([fresh]);
    expect(await state(fresh)).toMatchObject({ status: 'queued', error_code: null, runner_key: null });
    expect(Number((await knex()('import_rows').where({ import_id: fresh }).count({ n: '*' }))[0]?.n)).toBe(0);
    expect(settled.failed.map((f) => f.id).sort()).toEqual([committed, bytesGone].sort());
    expect(await state(committed)).toMatchObject({ status: 'failed', error_code: 'IMPORT_ABANDONED' });
    // A queued upload is the queue: the next sweep leaves it.
    expect((await settleAbandonedImports(knex(), { sources: ['http'], requeue: async () => undefined })).requeued).toEqual([]);
  });

  it('removes the report temporaries of dead runners on this host only, once', async () => {
    await t().db.runner.hold();
    const paths = ['/tmp/a/r.json', '/tmp/a/r.xlsx'];
    const dead = await batch({ runner_key: GONE, status: 'finished', runner_pid: 777, report_paths: JSON.stringify(paths) });
    const elsewhere = await batch({ runner_key: GONE, status: 'finished', runner_host: 'another-host', report_paths: JSON.stringify(paths) });
    const alive = await batch({ ...t().db.runner.columns(), status: 'finished', report_paths: JSON.stringify(paths) });
    const removed: Array<[string, number]> = [];
    const temporaries = { host: os.hostname(), remove: async (p: string, pid: number) => void removed.push([p, pid]) };
    const settled = await settleAbandonedImports(knex(), { sources: ['cli'], temporaries });
    expect(settled.cleaned).toEqual([dead]);
    expect(removed).toEqual(paths.map((p) => [p, 777]));
    expect((await state(dead)).report_paths).toBeNull();
    expect((await state(elsewhere)).report_paths).toEqual(paths);
    expect((await state(alive)).report_paths).toEqual(paths);
    expect((await settleAbandonedImports(knex(), { sources: ['cli'], temporaries })).cleaned).toEqual([]);
    // The live runner forgets its own paths once its reports are written.
    await t().db.runner.forgetReportPaths(knex());
    expect((await state(alive)).report_paths).toBeNull();
  });

  it('an import that asks for no reports keeps no report paths: the next process has nothing to clean after it', async () => {
    // What the CLI passes without --report or --rejects (src/cli/actions/importAction.ts). An
    // empty list stored as [] is "not null": every later process's start found the batch and
    // cleared it, one more statement each (issue 19).
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' }]);
    const { importId } = await importFile(t().context(), { path: file, resellerCode: 'RS001', dryRun: true, reportPaths: [] });
    expect((await state(importId)).report_paths).toBeNull();
  });

  it('serve, starting, puts an upload whose process died back in the queue and runs it to the end', { timeout: 180_000 }, async () => {
    const file = path.join(path.dirname(uploadFile), 'good.csv');
    await fs.writeFile(file, [UPLOAD_HEADERS, uploadRow({ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' })]
      .map((cells) => cells.join(',')).join('\r\n'));
    // What a serve killed mid-import leaves: the upload `running`, its dead runner named, rows staged.
    const id = await batch({ source: 'http', runner_key: GONE, file_name: 'good.csv', options: JSON.stringify({ atomicity: 'application' }) });
    await uploadStore.save(knex(), id, file, 'en');
    await knex()('import_rows').insert({ import_id: id, seq: 1, row_number: 2, status: 'valid' });
    const server = await startServer(t().context(), { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    try {
      let status = '';
      for (let i = 0; i < 600 && status !== 'finished' && status !== 'failed'; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await state(id)).status;
      }
      expect(await knex()('import_batches').where({ id }).first('status', 'error_code', 'count_registered', 'count_rows'))
        .toEqual({ status: 'finished', error_code: null, count_registered: 1, count_rows: 1 });
    } finally {
      await server.stop();
    }
  });

  it('PostgreSQL: a runner in another session is alive until that session ends, then its batch is abandoned', async (ctx) => {
    if (!t().url) {
      ctx.skip(); // PGlite has one session per directory: the embedded e2e test kills a process instead
      return;
    }
    const other = await openPostgres(t().url!, loadConfig({}), makeLogger('silent'));
    await other.runner.hold();
    const id = await batch({ ...other.runner.columns() });
    expect((await settleAbandonedImports(knex(), { sources: ['cli'] })).failed.map((f) => f.id)).not.toContain(id);
    expect(await state(id)).toMatchObject({ status: 'running' });
    await other.close(); // its session, and with it the runner lock, ends
    expect((await settleAbandonedImports(knex(), { sources: ['cli'] })).failed.map((f) => f.id)).toEqual([id]);
    expect(await state(id)).toMatchObject({ status: 'failed', error_code: 'IMPORT_ABANDONED' });
  });
});
