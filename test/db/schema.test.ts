import { beforeAll, expect, it } from 'vitest';
import { loadReference } from '../../src/reference/loadReference.js';
import { COPY_COLUMNS, REGISTERED_COLUMNS } from '../../src/staging/stagedColumns.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { registrationRow } from '../helpers/registrationRow.js';

const RECEIPT = /^R\d{6}\d{7}$/;

describeEachEngine('data model', (t) => {
  let importId: string;

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    [{ id: importId }] = (await t().db.knex('import_batches')
      .insert({ reseller_code: 'RS001', file_name: 'schema-test.csv' })
      .returning('id')) as [{ id: string }];
  });

  const newApplication = async (supportId = '300000001') =>
    (await t().db.knex('applications')
      .insert({ import_id: importId, support_id: supportId, reseller_code: 'RS001', status: 'completed' })
      .returning(['id', 'receipt_no']))[0] as { id: number; receipt_no: string };

  const registration = (applicationId: number, serial: string) => registrationRow(importId, applicationId, serial);

  it('has import_rows exactly as the staged row is declared, and registrations taking its registered columns', async () => {
    const columns = async (table: string) => t().db.knex('information_schema.columns')
      .where({ table_schema: 'public', table_name: table }).orderBy('ordinal_position').pluck('column_name');
    expect(await columns('import_rows')).toEqual([...COPY_COLUMNS]);
    expect(await columns('registrations')).toEqual(expect.arrayContaining([...REGISTERED_COLUMNS]));
  });

  it('indexes staged rows by support ID only where statements look for them: valid and rejected rows', async () => {
    // The index each lookup can use, the planner's other ways to the rows being made dear.
    const indexFor = async (status: string) => t().db.knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const plan = await trx.raw(
        `explain select seq from import_rows where import_id = ? and support_id = '300000001' and status = '${status}'`, [importId]);
      return (plan.rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(await indexFor('valid')).toContain('import_rows_application_idx');
    expect(await indexFor('rejected')).toContain('import_rows_application_idx');
    // A re-import's rows (and held ones) are never looked up by support ID, and are not in it.
    expect(await indexFor('already_registered')).not.toContain('import_rows_application_idx');
    expect(await indexFor('held')).not.toContain('import_rows_application_idx');
  });

  it('issues receipt numbers in the database as R + YYMMDD (Asia/Tokyo) + 7 digits', async () => {
    const { receipt_no } = await newApplication();
    expect(receipt_no).toMatch(RECEIPT);
    const [{ today }] = (await t().db.knex.raw(`select to_char(now() at time zone 'Asia/Tokyo', 'YYMMDD') as today`)).rows;
    expect(receipt_no.slice(1, 7)).toBe(today);
  });

  it('issues unique receipt numbers under concurrent inserts', async () => {
    // On PostgreSQL these run on up to 8 pooled connections at once; PGlite serialises them.
    const receipts = await Promise.all(Array.from({ length: 200 }, () => newApplication().then((a) => a.receipt_no)));
    expect(new Set(receipts).size).toBe(200);
    for (const r of receipts) expect(r).toMatch(RECEIPT);
  });

  it('refuses a receipt number that is not in the format', async () => {
    await expect(
      t().db.knex('applications').insert({ receipt_no: 'X123', import_id: importId, support_id: '300000001', reseller_code: 'RS001', status: 'completed' }),
    ).rejects.toThrow(/applications_receipt_no_format/);
  });

  it('lets the database refuse a pack serial registered twice, even from two applications', async () => {
    const a = await newApplication();
    const b = await newApplication('300000002');
    await t().db.knex('registrations').insert(registration(a.id, 'HW-0001'));
    const error = await t().db.knex('registrations').insert(registration(b.id, 'HW-0001')).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23505');
    expect(String((error as Error).message)).toMatch(/registrations_pack_serial_key/);
  });

  it('frees a serial whose registration was released by a review rejection', async () => {
    const a = await newApplication();
    const [{ id }] = await t().db.knex('registrations').insert(registration(a.id, 'HW-0002')).returning('id');
    await t().db.knex('registrations').where({ id }).update({ released_at: t().db.knex.fn.now() });
    const b = await newApplication();
    await expect(t().db.knex('registrations').insert(registration(b.id, 'HW-0002'))).resolves.toBeDefined();
  });

  it('refuses a registration of a serial the vendor never issued', async () => {
    const a = await newApplication();
    const error = await t().db.knex('registrations').insert(registration(a.id, 'NOT-ISSUED')).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23503');
  });

  it('refuses to delete or re-key a pack serial or product that a registration names (migration 0009 guards)', async () => {
    const knex = t().db.knex;
    const a = await newApplication();
    await knex('registrations').insert(registration(a.id, 'HW-0005'));
    const code = async (q: Promise<unknown>) => ((await q.then(() => null, (e: unknown) => e)) as { code?: string } | null)?.code;
    expect(await code(knex('pack_serials').where({ serial: 'HW-0005' }).delete())).toBe('23503');
    expect(await code(knex('pack_serials').where({ serial: 'HW-0005' }).update({ pack_model: 'SP-PC-12' }))).toBe('23503');
    expect(await code(knex('products').where({ model: 'EXP-5800-R120' }).update({ model: 'EXP-5800-R120X' }))).toBe('23503');
    // A serial nobody registered is the vendor's to change.
    expect(await code(knex('pack_serials').where({ serial: 'HW-0006' }).update({ pack_model: 'SP-HW-12' }))).toBeUndefined();
  });

  it('refuses an option of a registration that does not exist', async () => {
    const error = await t().db.knex('registration_options').insert({ registration_id: 987654321, option_model: 'OPT-X', quantity: 1 }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23503');
  });

  it('keeps option quantities within 1-99', async () => {
    const a = await newApplication();
    const [{ id }] = await t().db.knex('registrations').insert(registration(a.id, 'HW-0003')).returning('id');
    await expect(t().db.knex('registration_options').insert({ registration_id: id, option_model: 'OPT-1', quantity: 100 }))
      .rejects.toThrow(/registration_options_quantity/);
  });
});
