import fs from 'node:fs/promises';
import { expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { loadImportRecord } from '../../src/report/loadImportRecord.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeUploadCsv, type UploadRow } from '../helpers/uploadFile.js';

/**
 * Issue 20 item 6: a dry run's plan is committed only as previewed — same file, options and
 * reseller, every row's outcome unchanged — and otherwise refused with nothing committed.
 */
describeEachEngine('preview, then commit exactly the plan', (t) => {
  let ctx: Context;
  const rows: UploadRow[] = [
    { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' },
    { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0002' },
    { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
    { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0002' },
  ];
  const appsOf = async (importId: string) => Number((await ctx.db.knex('applications').where({ import_id: importId }).count({ n: '*' }))[0]!.n);
  const lastFailed = () => ctx.db.knex('import_batches')
    .where({ reseller_code: 'RS001', status: 'failed' }).orderBy('created_at', 'desc').first('id', 'error_code');

  it('a dry run records a plan; committing it registers what it previewed', async () => {
    ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    const file = await writeUploadCsv(rows);
    const preview = await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true, atomicity: 'row' });
    expect(preview.planId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await loadImportRecord(ctx.db.knex, preview.importId)).planId).toBe(preview.planId);

    const commit = await importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'row', planId: preview.planId! });
    expect(commit.status).toBe('finished');
    expect(commit.planId).toBe(preview.planId);
    expect(commit.summary).toMatchObject({ registered: 4, applications: 2 });
    expect((await loadImportRecord(ctx.db.knex, commit.importId)).planId).toBe(preview.planId);

    // A plan is committed once.
    await expect(importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'row', planId: preview.planId! }))
      .rejects.toMatchObject({ code: 'PLAN_USED' });
  }, 60_000);

  it('refuses with PLAN_CHANGED, listing the rows, when registrations changed since the preview; nothing is committed', async () => {
    const file = await writeUploadCsv([
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0003' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0004' },
    ]);
    const preview = await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true });
    // Meanwhile another file registers PC-0003 (same data): row 3 would now be already_registered.
    await importFile(ctx, { path: await writeUploadCsv([{ supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0003' }]), resellerCode: 'RS001' });
    const before = Number((await ctx.db.knex('registrations').count({ n: '*' }))[0]!.n);

    const error = await importFile(ctx, { path: file, resellerCode: 'RS001', planId: preview.planId! }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLAN_CHANGED', params: { count: 1 } });
    const { changes } = (error as { params: { changes: unknown[] } }).params;
    expect(changes).toEqual([{ sheet: null, row: 3, before: { status: 'valid', codes: [] }, after: { status: 'already_registered', codes: [] } }]);
    expect(Number((await ctx.db.knex('registrations').count({ n: '*' }))[0]!.n)).toBe(before);
    const failed = await lastFailed();
    expect(failed?.error_code).toBe('PLAN_CHANGED');
    expect(await appsOf(failed!.id)).toBe(0);
    expect((error as Error).message).toContain('3: valid → already_registered');
  }, 60_000);

  it('refuses with PLAN_CHANGED when reference data changed (a contract expired)', async () => {
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0004' }]);
    const preview = await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true });
    await loadReference(ctx, await writeReferenceDir((f) => {
      f['contracts.csv'] = f['contracts.csv']!.map((l) => (l.startsWith('300000001,') ? l.replace(',active', ',expired') : l));
    }));
    await expect(importFile(ctx, { path: file, resellerCode: 'RS001', planId: preview.planId! })).rejects.toMatchObject({
      code: 'PLAN_CHANGED',
      params: { changes: [{ row: 2, before: { status: 'valid', codes: [] }, after: { status: 'rejected', codes: ['CONTRACT_INACTIVE'] } }] },
    });
    await loadReference(ctx, await writeReferenceDir());
  }, 60_000);

  it('another file, other options or another reseller: refused, nothing committed', async () => {
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0005' }]);
    const preview = await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true });
    const other = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0005' }], 'other.csv');
    await fs.appendFile(other, '\r\n');
    await expect(importFile(ctx, { path: other, resellerCode: 'RS001', planId: preview.planId! }))
      .rejects.toMatchObject({ code: 'PLAN_MISMATCH', params: { what: 'file' } });
    await expect(importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'file', planId: preview.planId! }))
      .rejects.toMatchObject({ code: 'PLAN_MISMATCH', params: { what: 'options', option: 'atomicity' } });
    await expect(importFile(ctx, { path: file, resellerCode: 'RS002', planId: preview.planId! }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', params: { kind: 'plan' } });
    await expect(importFile(ctx, { path: file, resellerCode: 'RS001', planId: preview.planId!, dryRun: true }))
      .rejects.toMatchObject({ code: 'USAGE' });
    expect(await ctx.db.knex('registrations').where({ pack_serial: 'SW-0005' }).first('id')).toBeUndefined();
    // Still unused: the right file with the right options commits it.
    const commit = await importFile(ctx, { path: file, resellerCode: 'RS001', planId: preview.planId! });
    expect(commit.summary).toMatchObject({ registered: 1 });
  }, 60_000);
});
