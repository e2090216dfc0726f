import { expect, it } from 'vitest';
import { lookupReferences, makeReferenceCache, MAX_CACHED_MODELS } from '../../src/rules/lookupReferences.js';
import { makeRow } from '../helpers/makeRow.js';
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
});
