import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { PackregError } from '../../src/domain/PackregError.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';

const TABLES = ['resellers', 'contracts', 'service_users', 'products', 'pack_models', 'pack_serials'];

describeEachEngine('reference load', (t) => {
  const counts = async () => {
    const knex = t().db.knex;
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await knex(table).count({ n: '*' }))[0]?.n);
    return out;
  };

  beforeEach(async () => {
    // Each test starts from empty reference tables (nothing else refers to them in this file).
    await t().db.knex.raw(`truncate ${TABLES.join(', ')} cascade`);
  });

  it('loads the six files and converts their types', async () => {
    const dir = await writeReferenceDir();
    const result = await loadReference(t().context(), dir);
    expect(result.read['pack_serials.csv']).toBe(40);
    expect(await counts()).toEqual({
      resellers: 2, contracts: 4, service_users: 5, products: 5, pack_models: 5, pack_serials: 40,
    });
    const hw = await t().db.knex('pack_models').where({ model: 'SP-HW-12' }).first();
    expect(hw).toMatchObject({
      category: 'hardware', term_months: 12, requires_site: true, requires_label: true,
      options_allowed: true, manual_review: false, eligible_products: ['EXP-5800-*', 'EXP-4000-OLD'],
    });
    const t110 = await t().db.knex('products').where({ model: 'EXP-5800-T110' }).first();
    expect(t110.end_of_support).toBe('2027-06-30');
    const r120 = await t().db.knex('products').where({ model: 'EXP-5800-R120' }).first();
    expect(r120.end_of_support).toBeNull();
    // A user serving two support IDs is two rows.
    expect(await t().db.knex('service_users').where({ user_id: 'U-ADMIN1' }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('leaves statistics on what it loaded (batch lookups are planned on them)', async () => {
    const reltuples = async () => Object.fromEntries(
      (await t().db.knex('pg_class').whereIn('relname', TABLES).select('relname', 'reltuples'))
        .map((r: { relname: string; reltuples: number }) => [r.relname, Number(r.reltuples)]),
    );
    expect((await reltuples()).pack_serials).toBeLessThanOrEqual(0);
    await loadReference(t().context(), await writeReferenceDir());
    expect(await reltuples()).toEqual({
      resellers: 2, contracts: 4, service_users: 5, products: 5, pack_models: 5, pack_serials: 40,
    });
  });

  it('loading the same directory twice changes nothing', async () => {
    const dir = await writeReferenceDir();
    await loadReference(t().context(), dir);
    const before = await t().db.knex('contracts').select('support_id', 'updated_at').orderBy('support_id');
    const again = await loadReference(t().context(), dir);
    expect(Object.values(again.changed).every((n) => n === 0)).toBe(true);
    expect(await t().db.knex('contracts').select('support_id', 'updated_at').orderBy('support_id')).toEqual(before);
  });

  it('updates a changed row and adds new ones, keeping rows the files no longer list', async () => {
    await loadReference(t().context(), await writeReferenceDir());
    const dir = await writeReferenceDir((f) => {
      f['products.csv'] = [f['products.csv']![0]!, 'EXP-5800-R120,Express5800/R120 改,2030-12-31', 'NEW-1,新製品,'];
    });
    const result = await loadReference(t().context(), dir);
    expect(result.changed.products).toBe(2);
    const r120 = await t().db.knex('products').where({ model: 'EXP-5800-R120' }).first();
    expect(r120).toMatchObject({ name: 'Express5800/R120 改', end_of_support: '2030-12-31' });
    expect((await counts()).products).toBe(6);
  });

  it('accepts the demo data set in fixtures/reference', async () => {
    const dir = path.resolve(import.meta.dirname, '../../fixtures/reference');
    const result = await loadReference(t().context(), dir);
    const c = await counts();
    expect(c.resellers).toBeGreaterThanOrEqual(3);
    expect(c.contracts).toBeGreaterThanOrEqual(30);
    expect(c.products).toBeGreaterThanOrEqual(20);
    expect(c.pack_serials).toBeGreaterThanOrEqual(2000);
    expect(result.read['pack_serials.csv']).toBe(c.pack_serials);
    const categories = await t().db.knex('pack_models').distinct('category').pluck('category');
    expect(categories.sort()).toEqual(['bundle', 'hardware', 'pc', 'software']);
    const roles = await t().db.knex('service_users').distinct('role').pluck('role');
    expect(roles.sort()).toEqual(['admin', 'deputy', 'member']);
  });

  const badFiles: Array<[string, (f: Record<string, string[]>) => void, RegExp, string, number | undefined]> = [
    ['an unknown column', (f) => { f['resellers.csv']![0] = 'reseller_code,name,fax'; }, /unknown column fax/, 'resellers.csv', 1],
    ['a missing column', (f) => { f['products.csv'] = ['model,name', 'X-1,x']; }, /missing column end_of_support/, 'products.csv', 1],
    ['a bad boolean', (f) => { f['pack_models.csv']![2] = f['pack_models.csv']![2]!.replace(',false,false,false,false,', ',yes,false,false,false,'); }, /requires_site/, 'pack_models.csv', 3],
    ['a bad date', (f) => { f['products.csv']![3] = 'EXP-5800-T110,Express5800/T110,2027-02-30'; }, /end_of_support/, 'products.csv', 4],
    ['a contract naming an unknown reseller', (f) => { f['contracts.csv']![4] = '300000009,よその顧客株式会社,他社システム,RS404,active'; }, /reseller_code RS404 is not in resellers/, 'contracts.csv', 5],
    ['a serial naming an unknown model', (f) => { f['pack_serials.csv']!.push('ZZ-0001,SP-NOPE'); }, /pack_model SP-NOPE is not in pack_models/, 'pack_serials.csv', 42],
    ['a bad status', (f) => { f['contracts.csv']![1] = '300000001,髙橋商事株式会社,基幹システム,RS001,paused'; }, /status/, 'contracts.csv', 2],
    ['a malformed support ID', (f) => { f['contracts.csv']![1] = '400000001,髙橋商事株式会社,基幹システム,RS001,active'; }, /9 digits/, 'contracts.csv', 2],
    ['a duplicate key', (f) => { f['pack_serials.csv']!.push('HW-0001,SP-HW-12'); }, /duplicate serial HW-0001/, 'pack_serials.csv', 42],
    ['an unclosed quote', (f) => { f['resellers.csv']!.push('RS003,"unterminated'); }, /CSV syntax/, 'resellers.csv', undefined],
  ];

  for (const [name, change, reason, file, line] of badFiles) {
    it(`rejects ${name} with file, line and reason, and loads nothing`, async () => {
      const dir = await writeReferenceDir(change);
      const error = await loadReference(t().context(), dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PackregError);
      const e = error as PackregError;
      expect(e.code).toBe('REFERENCE_INVALID');
      expect(e.params.file).toBe(file);
      if (line !== undefined) expect(e.params.line).toBe(line);
      expect(String(e.params.reason)).toMatch(reason);
      expect(e.messageIn('en')).toContain(file);
      expect(Object.values(await counts()).every((n) => n === 0)).toBe(true);
    });
  }

  it('rejects a directory with a file missing, and loads nothing', async () => {
    const dir = await writeReferenceDir((f) => { delete f['pack_serials.csv']; });
    await expect(loadReference(t().context(), dir)).rejects.toMatchObject({ code: 'REFERENCE_INVALID', params: { file: 'pack_serials.csv' } });
    expect((await counts()).resellers).toBe(0);
  });
});
