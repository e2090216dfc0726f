import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importFile, summarise } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { readReportRows, type ReportRow } from '../../src/report/readReportRows.js';
import { writeLargeCase } from '../helpers/largeReference.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';
import { testEngines } from '../helpers/testEnv.js';

/**
 * Two imports of the same file at once on PostgreSQL (several connections, so the commits really
 * overlap): the unique index lets each serial in once; every row of both reports is accounted for.
 */
describe.skipIf(!testEngines().includes('postgres') || inject('pgUnavailable') !== null)('two imports racing [postgres]', () => {
  let t: TestDatabase & { drop(): Promise<void> };
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(async () => t?.drop());

  it('registers every serial exactly once, and both reports account for every row', { timeout: 600_000 }, async () => {
    const { referenceDir, upload, rows } = await writeLargeCase(150, 20);
    await loadReference(t.context(), referenceDir);
    const [a, b] = await Promise.all([
      importFile(t.context(), { path: upload, resellerCode: 'RS001' }),
      importFile(t.context(), { path: upload, resellerCode: 'RS001' }),
    ]);
    const read = async (id: string) => {
      const out: ReportRow[] = [];
      for await (const r of readReportRows(t.db.knex, id)) out.push(r);
      return out;
    };
    const [ra, rb] = [await read(a.importId), await read(b.importId)];
    expect(ra).toHaveLength(rows);
    expect(rb).toHaveLength(rows);
    for (let i = 0; i < rows; i += 1) {
      const pair = [ra[i]!.status, rb[i]!.status].sort();
      expect(pair).toEqual(['already_registered', 'registered']);
      expect(ra[i]!.receiptNo).toBe(rb[i]!.receiptNo);
    }
    expect(a.summary.registered + b.summary.registered).toBe(rows);
    // Each summary as the database counts it: the loser's commit did not register every valid row.
    expect(a.summary).toEqual(await summarise(t.context(), a.importId));
    expect(b.summary).toEqual(await summarise(t.context(), b.importId));
    const [{ n, serials }] = await t.db.knex('registrations').select(t.db.knex.raw('count(*)::int as n, count(distinct pack_serial)::int as serials'));
    expect([n, serials]).toEqual([rows, rows]);
    // No application left without registrations, receipts unique.
    const apps = await t.db.knex('applications').select('receipt_no');
    expect(new Set(apps.map((x: { receipt_no: string }) => x.receipt_no)).size).toBe(apps.length);
    const empty = await t.db.knex('applications as a').whereNotExists(t.db.knex('registrations as g').whereRaw('g.application_id = a.id')).count({ n: '*' });
    expect(Number(empty[0]?.n)).toBe(0);
  });
});
