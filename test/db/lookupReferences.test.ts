import { expect, it } from 'vitest';
import { loadReference } from '../../src/reference/loadReference.js';
import { lookupReferences, makeReferenceCache, MAX_CACHED_MODELS } from '../../src/rules/lookupReferences.js';
import { makeRow } from '../helpers/makeRow.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { cutFromLargeStrings, retainedBytes } from '../helpers/retainedBytes.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/**
 * Pack models and products are cached for the whole import (a file names a handful), misses
 * included — so a file naming a new unknown model on every row must not grow the cache without
 * bound, nor keep the strings its models were cut from.
 */
describeEachEngine('lookupReferences: the model cache', (t) => {
  it('stays bounded over a file of distinct unknown models, and answers for every model of the batch at hand', { timeout: 120_000 }, async () => {
    const cache = makeReferenceCache();
    const batches = 8;
    for (let b = 0; b < batches; b += 1) {
      const rows = Array.from({ length: 2_000 }, (_, i) => makeRow({ pack_model: `NO-PACK-${b}-${i}`, product_model: `NO-PRODUCT-${b}-${i}` }));
      const lookups = await lookupReferences(t().db.knex, cache, rows);
      for (const row of rows) expect(lookups.packModels.get(row.values.pack_model)).toBeNull();
      expect(cache.packModels.size).toBeLessThanOrEqual(MAX_CACHED_MODELS + 2_000);
      expect(cache.products.size).toBeLessThanOrEqual(MAX_CACHED_MODELS + 2_000);
    }
  });

  it('keeps no string its models were cut from', async () => {
    const knex = t().db.knex;
    const cache = makeReferenceCache();
    const held = await retainedBytes(async () => {
      const models = cutFromLargeStrings(100, 'NO-MODEL-');
      await lookupReferences(knex, cache, models.map((m) => makeRow({ pack_model: m, product_model: m })));
      return cache;
    });
    expect(held).toBeLessThan(10 * 2 ** 20); // 200 MB when each miss kept its 1 MB string
  });

  it("answers for its own batch's models while a later batch's look-ups restart the cache", { timeout: 120_000 }, async () => {
    // The import sends a batch's look-ups as soon as it is read, while the batch before is still
    // waiting for its own (src/import.ts): a later batch naming more new models than the cache
    // keeps must not take the known models out from under the earlier one.
    await loadReference(t().context(), await writeReferenceDir());
    const knex = t().db.knex;
    const cache = makeReferenceCache();
    const known = [makeRow({ support_id: '300000001', pack_model: 'SP-HW-12', pack_serial: 'HW-0001', product_model: 'EXP-5800-T110' })];
    await lookupReferences(knex, cache, known); // the models are cached from here on
    const flood = Array.from({ length: MAX_CACHED_MODELS + 1 }, (_, i) => makeRow({ pack_model: `NO-PACK-${i}`, product_model: `NO-PRODUCT-${i}` }));
    const [earlier] = await Promise.all([lookupReferences(knex, cache, known), lookupReferences(knex, cache, flood)]);
    expect(earlier.packModels.get('SP-HW-12')?.termMonths).toBe(12);
    expect(earlier.products.get('EXP-5800-T110')).toBe('2027-06-30');
    expect(earlier.serials.get('HW-0001')).toBe('SP-HW-12');
    expect(earlier.contracts.get('300000001')?.resellerCode).toBe('RS001');
  });

  it('finds keys exactly as the file gives them, whatever characters they hold', async () => {
    // Serials and support IDs come from the reseller's cells and go into the one keyed statement
    // as array parameters: quotes, braces, commas, backslashes, a bound name or SQL are only text.
    await loadReference(t().context(), await writeReferenceDir());
    const hostile = ['"', '\\', '{HW-0001,HW-0002}', 'HW-0001,HW-0002', ':serials', "HW-0001'); delete from pack_serials; --", 'HW-0001\u0000', ' HW-0001'];
    const rows = [
      makeRow({ support_id: '300000001', pack_serial: 'HW-0003' }),
      ...hostile.map((key) => makeRow({ support_id: key, pack_serial: key })),
    ];
    const found = await lookupReferences(t().db.knex, makeReferenceCache(), rows);
    expect([...found.serials]).toEqual([['HW-0003', 'SP-HW-12']]);
    expect([...found.contracts.keys()]).toEqual(['300000001']);
    expect([...found.users.keys()]).toEqual(['300000001']);
    expect(found.registrations.size).toBe(0);
    const counted = await t().db.knex('pack_serials').count('* as n');
    expect(Number(counted[0]!.n)).toBe(40);
  });
});
