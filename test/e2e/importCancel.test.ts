import { expect, inject, it } from 'vitest';
import { getApplication } from '../../src/applications/getApplication.js';
import type { Context } from '../../src/context.js';
import { cancelImport } from '../../src/imports/cancelImport.js';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { readReportRows } from '../../src/report/readReportRows.js';
import { writeLargeCase } from '../helpers/largeReference.js';
import { runCli } from '../helpers/runCli.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/**
 * Issue 20 item 4: a running import cancelled between commit groups keeps what it committed
 * (receipts valid), commits nothing more, and its report says which rows are which. The cancel
 * is made deterministic by a hook before commit group 1 (6 applications, 3 per group: 2 groups).
 */
describeEachEngine('cancel an import', (t) => {
  let upload: string;
  let ctx: Context;

  const rowsOf = async (importId: string) => {
    const rows = [];
    for await (const r of readReportRows(ctx.db.knex, importId)) rows.push(r);
    return rows;
  };

  it('a running import stops at the next commit-group boundary; committed applications stand', async () => {
    const large = await writeLargeCase(6, 3);
    upload = large.upload;
    ctx = t().context();
    await loadReference(ctx, large.referenceDir);
    let cancelOutcome: unknown = null;
    const hooked: Context = {
      ...ctx,
      hooks: {
        groupMaxApplications: 3,
        beforeCommitGroup: async (importId, index) => {
          if (index === 1) cancelOutcome = await cancelImport(ctx.db.knex, importId, 'RS001');
        },
      },
    };
    const outcome = await importFile(hooked, { path: upload, resellerCode: 'RS001' });
    expect(cancelOutcome).toEqual({ id: outcome.importId, status: 'cancelling' });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.summary).toMatchObject({ rows: 18, registered: 9, held: 9, rejected: 0, valid: 0, applications: 3 });

    const batch = await ctx.db.knex('import_batches').where({ id: outcome.importId }).first('status', 'count_held', 'count_registered');
    expect(batch).toEqual({ status: 'cancelled', count_held: 9, count_registered: 9 });

    const rows = await rowsOf(outcome.importId);
    const registered = rows.filter((r) => r.status === 'registered');
    const held = rows.filter((r) => r.status === 'held');
    expect(registered).toHaveLength(9);
    expect(held).toHaveLength(9);
    // Whole applications: a support ID is either all registered or all held.
    const ids = (list: typeof rows) => new Set(list.map((r) => r.supportId));
    expect([...ids(registered)].filter((id) => ids(held).has(id))).toEqual([]);
    for (const r of held) {
      expect(r.receiptNo).toBeNull();
      expect(r.errors.map((e) => e.code)).toEqual(['IMPORT_CANCELLED']);
    }
    // The receipts issued before the cancel are real applications.
    for (const receipt of new Set(registered.map((r) => r.receiptNo!))) {
      expect((await getApplication(ctx.db.knex, receipt))?.status).toBe('completed');
    }

    // Cancelled twice: the same answer; a cancelled import is not "finished".
    expect(await cancelImport(ctx.db.knex, outcome.importId, 'RS001')).toEqual({ id: outcome.importId, status: 'cancelled' });

    // The same file again registers the rest; the committed rows come back already registered.
    const again = await importFile(ctx, { path: upload, resellerCode: 'RS001' });
    expect(again.status).toBe('finished');
    expect(again.summary).toMatchObject({ registered: 9, already_registered: 9, held: 0, applications: 3 });
  }, 120_000);

  it('a finished import cannot be cancelled; another reseller\'s is not found, like a missing one', async () => {
    const done = await importFile(ctx, { path: upload, resellerCode: 'RS001', dryRun: true });
    await expect(cancelImport(ctx.db.knex, done.importId, 'RS001')).rejects.toMatchObject({ code: 'IMPORT_NOT_CANCELLABLE', params: { status: 'finished' } });
    await expect(cancelImport(ctx.db.knex, done.importId, 'RS002')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelImport(ctx.db.knex, '00000000-0000-4000-8000-000000000000', 'RS001')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelImport(ctx.db.knex, 'not-an-id', 'RS001')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('a queued import is cancelled at once and never starts', async () => {
    const [row] = await ctx.db.knex('import_batches')
      .insert({ reseller_code: 'RS001', file_name: 'q.csv', source: 'http', status: 'queued' }).returning('id');
    const id = String((row as { id: string }).id);
    expect(await cancelImport(ctx.db.knex, id, 'RS001')).toEqual({ id, status: 'cancelled' });
    const outcome = await importFile(ctx, { path: upload, resellerCode: 'RS001', importId: id, source: 'http' });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.summary.rows).toBe(0);
    expect(await ctx.db.knex('import_batches').where({ id }).first('status')).toEqual({ status: 'cancelled' });
  }, 60_000);

  it('PostgreSQL: `packreg imports cancel` in another process stops an import running here', async (test) => {
    if (t().engine !== 'postgres' || !inject('pgTemplate')) test.skip();
    const large = await writeLargeCase(6, 3);
    const fresh = t().context();
    let cli: { code: number | null; stdout: string } | null = null;
    const hooked: Context = {
      ...fresh,
      hooks: {
        groupMaxApplications: 3,
        beforeCommitGroup: async (importId, index) => {
          if (index === 1) cli = await runCli(['imports', 'cancel', importId, '--reseller', 'RS001', '--json'], { DATABASE_URL: t().url! });
        },
      },
    };
    // The case's serials were registered by the tests above: free them (as a rejected review does).
    await fresh.db.knex('registrations').where('pack_serial', 'like', 'BIG-%').update({ released_at: fresh.db.knex.fn.now() });
    const outcome = await importFile(hooked, { path: large.upload, resellerCode: 'RS001' });
    expect(cli).toMatchObject({ code: 0 });
    expect(JSON.parse(cli!.stdout)).toEqual({ id: outcome.importId, status: 'cancelling' });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.summary).toMatchObject({ registered: 9, held: 9, applications: 3 });
    // Again from the CLI: the same answer; another reseller's import is not found (exit 66).
    const refused = await runCli(['imports', 'cancel', outcome.importId, '--reseller', 'RS001', '--json'], { DATABASE_URL: t().url! });
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.stdout)).toEqual({ id: outcome.importId, status: 'cancelled' });
    const other = await runCli(['imports', 'cancel', outcome.importId, '--reseller', 'RS002', '--json'], { DATABASE_URL: t().url! });
    expect(other.code).toBe(66);
    expect(JSON.parse(other.stdout).error.code).toBe('NOT_FOUND');
  }, 120_000);
});
