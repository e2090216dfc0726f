import { expect, it } from 'vitest';
import * as m0011 from '../../migrations/0011_reseller_lists.js';
import { contractSearchText } from '../../src/domain/foldSearchText.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';

/** contracts.search_text (issue 20 item 1): kept by the reference load, filled by migration 0011. */
describeEachEngine('contract search text', (t) => {
  const stored = async () => Object.fromEntries(
    (await t().db.knex('contracts').orderBy('support_id').select('support_id', 'search_text')).map((r: { support_id: string; search_text: string }) => [r.support_id, r.search_text]),
  );

  it('is written by reference load and follows a changed name; loading the same files again changes nothing', async () => {
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir((f) => f['contracts.csv']!.push('300000005,㈱サクラ,ＥＲＰ,RS001,active')));
    expect((await stored())['300000005']).toBe('300000005 株式会社さくら erp');
    const renamed = await writeReferenceDir((f) => f['contracts.csv']!.push('300000005,ｻｸﾗ商事 有限会社,ERP,RS001,active'));
    const first = await loadReference(ctx, renamed);
    expect(first.changed.contracts).toBe(1);
    expect((await stored())['300000005']).toBe('300000005 さくら商事有限会社 erp');
    expect((await loadReference(ctx, renamed)).changed.contracts).toBe(0);
  });

  it('is filled by migration 0011 for contracts loaded before it', async () => {
    const knex = t().db.knex;
    await m0011.down(knex);
    await m0011.up(knex);
    const rows: { support_id: string; customer_name: string; system_name: string; search_text: string }[] = await knex('contracts').select();
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) expect(row.search_text).toBe(contractSearchText(row));
  });
});
