import type { Knex } from 'knex';
import { beforeAll, expect, it } from 'vitest';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { registrationRow } from '../helpers/registrationRow.js';

/**
 * Registrations have no row-level foreign keys; a statement-level trigger checks each insert's
 * rows against their parents (migration 0009, its check rewritten in 0015). What it must refuse,
 * one bad row among good ones, and what it must not cost: reading a whole parent table per
 * statement (each commit group inserts thousands of rows; the applications table holds every
 * reseller's applications ever made).
 */
describeEachEngine('registration parent check', (t) => {
  let importId: string;
  let otherImportId: string;
  const GROUP = 2_000;

  beforeAll(async () => {
    const knex = t().db.knex;
    await loadReference(t().context(), await writeReferenceDir());
    [{ id: importId }] = (await knex('import_batches').insert({ reseller_code: 'RS001', file_name: 'a.csv' }).returning('id')) as [{ id: string }];
    [{ id: otherImportId }] = (await knex('import_batches').insert({ reseller_code: 'RS001', file_name: 'b.csv' }).returning('id')) as [{ id: string }];
    await knex.raw(`insert into pack_serials (serial, pack_model) select 'PP-' || lpad(i::text, 6, '0'), 'SP-HW-12' from generate_series(1, ?) i`, [GROUP]);
  });

  const newApplication = async () =>
    (await t().db.knex('applications')
      .insert({ import_id: importId, support_id: '300000001', reseller_code: 'RS001', status: 'completed' })
      .returning('id'))[0] as { id: number };

  const registration = (applicationId: number, serial: string, i: number) => registrationRow(importId, applicationId, serial, i);

  /** The SQLSTATE an insert of `rows` in one statement ends with (undefined: it went in), rolled back. */
  const insertCode = async (rows: ReadonlyArray<Record<string, unknown>>): Promise<string | undefined> => {
    const trx = await t().db.knex.transaction();
    try {
      await trx('registrations').insert(rows as never);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    } finally {
      await trx.rollback();
    }
  };

  it('refuses an insert any one row of which names a missing parent, and takes one whose rows all have theirs', async () => {
    const a = await newApplication();
    const b = await newApplication();
    const good = Array.from({ length: 20 }, (_, i) => registration(i % 2 ? a.id : b.id, `PP-${String(i + 1).padStart(6, '0')}`, i + 1));
    expect(await insertCode(good)).toBeUndefined();

    const orphans: Record<string, Partial<ReturnType<typeof registration>>> = {
      'an application that does not exist': { application_id: 987_654_321 },
      'an application of another support ID': { support_id: '300000002' },
      'an application of another import': { import_id: otherImportId },
      'a serial issued for another pack model': { pack_model: 'SP-SW-36' },
      'a serial never issued': { pack_serial: 'PP-999999' },
      'a product that does not exist': { product_model: 'NO-SUCH-PRODUCT' },
    };
    for (const [what, change] of Object.entries(orphans)) {
      // The bad row in the middle, its application shared with good rows.
      const rows = good.map((row, i) => (i === 10 ? { ...row, ...change } : row));
      expect(await insertCode(rows), what).toBe('23503');
    }
  });

  it('checks a group of thousands of rows by probing the parents, not by reading every application', async () => {
    const knex = t().db.knex;
    // Every reseller's applications: far more than one group names.
    await knex.raw(`insert into applications (import_id, support_id, reseller_code, status)
                    select ?, '300000002', 'RS001', 'completed' from generate_series(1, 30000)`, [otherImportId]);
    const apps = await Promise.all(Array.from({ length: GROUP / 20 }, () => newApplication()));
    await knex.raw('analyze applications, pack_serials, products');
    const rows = Array.from({ length: GROUP }, (_, i) => registration(apps[i % apps.length]!.id, `PP-${String(i + 1).padStart(6, '0')}`, i + 1));

    const scans = await knex.transaction(async (trx) => {
      const before = await applicationScans(trx);
      // One statement, as a commit group inserts them (knex sends the rows as one insert).
      await trx.batchInsert('registrations', rows as never, GROUP);
      return (await applicationScans(trx)) - before;
    });
    expect(scans).toBe(0);
  });
});

/** Sequential scans of `applications` in this transaction so far. */
async function applicationScans(trx: Knex.Transaction): Promise<number> {
  const { rows } = await trx.raw(`select coalesce(seq_scan, 0)::int as n from pg_stat_xact_user_tables where relname = 'applications'`);
  return (rows as Array<{ n: number }>)[0]?.n ?? 0;
}
