import fc from 'fast-check';
import { expect, it } from 'vitest';
import { storableText } from '../../src/db/copyText.js';
import { pgTextArray } from '../../src/db/pgTextArray.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/**
 * Look-ups send a batch's keys as one text[] literal (`= any(cast(? as text[]))`): whatever a
 * reseller's cell holds — quotes, backslashes, braces, commas, blanks, NUL, the word NULL — the
 * server must read back exactly the values sent (NUL as stored: ␀), or a look-up misses a key.
 */
describeEachEngine('pgTextArray', (t) => {
  it('the server reads back every value as sent', { timeout: 300_000 }, async () => {
    const knex = t().db.knex;
    const piece = fc.constantFrom('"', '\\', '{', '}', ',', ' ', '\u0000', 'NULL', 'null', 'a', '髙', '𠮷', '\t', '\n', "'");
    const value = fc.oneof(fc.string({ unit: piece, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }));
    await fc.assert(fc.asyncProperty(fc.array(value, { maxLength: 12 }), async (values) => {
      const read = (await knex.raw('select unnest(cast(? as text[])) as v', [pgTextArray(values)])).rows as Array<{ v: string }>;
      expect(read.map((r) => r.v)).toEqual(values.map(storableText));
    }), { numRuns: 300 });
  });
});
