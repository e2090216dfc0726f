import { expect, it } from 'vitest';
import { turnOffJitAndWorkers } from '../../src/db/withoutJit.js';
import { readReportPage, readReportRows, reportPageQuery } from '../../src/report/readReportRows.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/**
 * A report reads the staged rows a page at a time: at most 5,000 rows, and cut once the echoed
 * cells pass a number of bytes (their stored JSON text), so rows as wide as the limits allow never make a page the
 * size of the whole file (docs/reliability.md §8). Every row still comes, once, in order.
 */
describeEachEngine('report pages bounded by rows and by characters', (t) => {
  it('cuts a page of wide rows by characters, never below one row, and loses none', async () => {
    const knex = t().db.knex;
    await knex('resellers').insert({ reseller_code: 'RSX', name: 'x' }).onConflict('reseller_code').ignore();
    const [{ id }] = (await knex('import_batches').insert({ reseller_code: 'RSX', file_name: 'w.csv' }).returning('id')) as [{ id: string }];
    // Rows 1–10: 1,000 characters of cells each; row 11: 50,000; rows 12–20: 10 each.
    const width = (seq: number) => (seq <= 10 ? 1_000 : seq === 11 ? 50_000 : 10);
    await knex('import_rows').insert(Array.from({ length: 20 }, (_, i) => ({
      import_id: id, seq: i + 1, row_number: i + 2, status: 'rejected', support_id: '300000001', pack_serial: `S${i + 1}`,
      cells: JSON.stringify(['x'.repeat(width(i + 1) - 4)]),
    })));

    // JSON text of each row's cells is its width (ASCII: bytes = characters); 3,500 bytes: rows 1–4 (the 4th starts at 3,000).
    expect((await readReportPage(knex, id, 0, 3_500)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    // A row wider than the bound still makes a page of its own.
    expect((await readReportPage(knex, id, 10, 3_500)).map((r) => r.seq)).toEqual([11]);
    expect((await readReportPage(knex, id, 11, 3_500)).map((r) => r.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(await readReportPage(knex, id, 20, 3_500)).toEqual([]);

    const all: number[] = [];
    for await (const row of readReportRows(knex, id, 3_500)) all.push(row.seq);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const first = (await readReportPage(knex, id, 0))[0]!;
    expect(first.cells).toEqual(['x'.repeat(996)]);
    expect((await readReportPage(knex, id, 0)).length).toBe(20);
  });

  it('reads a page without JIT or parallel workers, however large the planner thinks it is', async () => {
    const knex = t().db.knex;
    const [{ id }] = (await knex('import_batches').insert({ reseller_code: 'RSX', file_name: 'p.csv' }).returning('id')) as [{ id: string }];
    const planOf = async (trx: typeof knex) => {
      const { sql, bindings } = reportPageQuery(trx, id, 0).toSQL();
      const result = await trx.raw(`explain (format json) ${sql}`, bindings);
      return JSON.stringify(result.rows?.[0] ?? result[0]);
    };
    const [forced, planned] = await knex.transaction(async (trx) => {
      // Every threshold at zero: what a database of many large imports makes of a page's estimate.
      await trx.raw("select set_config('jit_above_cost', '0', true), set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true), set_config('min_parallel_index_scan_size', '0', true), set_config('min_parallel_table_scan_size', '0', true)");
      const before = await planOf(trx);
      await turnOffJitAndWorkers(trx);
      return [before, await planOf(trx)];
    });
    const usesWorkersOrJit = (plan: string) => /"Gather|"JIT"/.test(plan);
    // PGlite has neither; on PostgreSQL the thresholds at zero must call for them, or this test proves nothing.
    if (t().engine === 'postgres') expect(usesWorkersOrJit(forced), forced).toBe(true);
    expect(usesWorkersOrJit(planned), planned).toBe(false);

    // readReportPage sets both in the page's own transaction, just before the page's statement.
    const statements: string[] = [];
    const listen = (query: { sql: string }) => void statements.push(query.sql);
    knex.on('query', listen);
    try {
      await readReportPage(knex, id, 0);
    } finally {
      knex.removeListener('query', listen);
    }
    const page = statements.findIndex((sql) => sql.includes('import_row_results'));
    expect(statements.slice(0, page + 1).map((sql) => /^[a-z]+/i.exec(sql)?.[0]?.toLowerCase())).toEqual(['begin', 'select', 'select']);
    expect(statements[page - 1]).toContain("set_config('max_parallel_workers_per_gather', '0', true)");
    expect(statements[page - 1]).toContain("set_config('jit', 'off', true)");
  });
});
