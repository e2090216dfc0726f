import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.js';
import { importFile } from '../../src/import.js';
import { MIGRATION_CONFIG } from '../../src/db/migrate.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';

/**
 * Migration 0014 dropped `import_plan_rows` (a plan reads its dry run's staged rows instead). Its
 * `down` recreates the table and refills it from the dry runs' rows as 0012 wrote them, so a
 * database taken back one step keeps every recorded plan; `up` again, the plan still commits.
 */
describeEachEngine('migration 0014 down and up with a recorded plan', (t) => {
  it('refills import_plan_rows with each row of the plan, then drops it again', async () => {
    const ctx = t().context();
    const knex = ctx.db.knex;
    // 0014 and every migration after it, taken back newest first and applied again.
    const names = MIGRATIONS.map(([name]) => name);
    const steps = names.length - names.indexOf('0014_plan_rows_from_staging');
    await loadReference(ctx, await writeReferenceDir());
    const file = await writeUploadCsv([
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' },
      { supportId: '300000001', packModel: 'NO-SUCH-MODEL', serial: 'SW-0002' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
    ]);
    const preview = await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true, atomicity: 'row' });
    expect(preview.planId).not.toBeNull();

    for (let i = 0; i < steps; i += 1) await knex.migrate.down(MIGRATION_CONFIG);
    const rows = await knex('import_plan_rows').where({ plan_id: preview.planId }).orderBy('seq')
      .select('seq', 'row_number', 'status', 'codes', 'detail');
    expect(rows.map((r) => [r.seq, r.row_number, r.status, r.codes])).toEqual([
      [1, 2, 'valid', ''],
      [2, 3, 'rejected', 'PACK_MODEL_UNKNOWN'],
      [3, 4, 'valid', ''],
    ]);
    // support ID | receipt (none in a dry run) | the service end the dry run worked out.
    expect(rows[0]!.detail).toMatch(/^300000001\|\|\d{4}-\d{2}-\d{2}$/);

    for (let i = 0; i < steps; i += 1) await knex.migrate.up(MIGRATION_CONFIG);
    expect(await knex.schema.hasTable('import_plan_rows')).toBe(false);
    const commit = await importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'row', planId: preview.planId! });
    expect(commit.summary).toMatchObject({ registered: 2, rejected: 1 });
  }, 120_000);
});
