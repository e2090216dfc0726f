import { beforeAll, beforeEach, expect, it, onTestFinished } from 'vitest';
import { getApplication } from '../../src/applications/getApplication.js';
import { importFile, summarise } from '../../src/import.js';
import { loadImportRecord } from '../../src/report/loadImportRecord.js';
import { readReportPage, readReportRows, type ReportRow } from '../../src/report/readReportRows.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine, type TestDatabase } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { writeUploadCsv, type UploadRow } from '../helpers/uploadFile.js';

const RECEIPT = /^R\d{13}$/;

async function rowsOf(t: TestDatabase, importId: string): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for await (const r of readReportRows(t.db.knex, importId)) rows.push(r);
  return rows;
}

describeEachEngine('import', (t) => {
  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
  });

  beforeEach(async () => {
    // Every test starts with nothing registered (reference data stays).
    await t().db.knex.raw('truncate registration_options, label_shipments, notification_outbox, registrations, applications, import_rows, import_batches cascade');
  });

  const run = async (rows: UploadRow[], options: { dryRun?: boolean; atomicity?: 'row' | 'application' | 'file' } = {}) => {
    const file = await writeUploadCsv(rows);
    const outcome = await importFile(t().context(), { path: file, resellerCode: 'RS001', ...options });
    return { ...outcome, rows: await rowsOf(t(), outcome.importId) };
  };
  const count = async (table: string) => Number((await t().db.knex(table).count({ n: '*' }))[0]?.n);
  /** An import of `rows`, and the SQL it sent (knex's query events). */
  const importSending = async (rows: UploadRow[], options: { dryRun?: boolean } = {}) => {
    const knex = t().db.knex;
    const file = await writeUploadCsv(rows);
    const queries: string[] = [];
    const listen = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', listen);
    try {
      const outcome = await importFile(t().context(), { path: file, resellerCode: 'RS001', ...options });
      return { summary: outcome.summary, importId: outcome.importId, queries };
    } finally {
      knex.off('query', listen);
    }
  };

  it('registers valid rows as one application per support ID, with receipts, options, label and notifications', async () => {
    const { summary, rows, importId } = await run([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001', options: 'OPT-MEM*2;OPT-HDD' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' },
      { supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0001', label: '' },
    ]);
    expect(rows.map((r) => [r.row, r.status])).toEqual([[2, 'registered'], [3, 'registered'], [4, 'registered'], [5, 'pending_review']]);
    expect(summary).toMatchObject({ rows: 4, registered: 3, pending_review: 1, rejected: 0, held: 0, applications: 2 });
    const [a, b, c, d] = rows;
    expect(a!.receiptNo).toMatch(RECEIPT);
    expect(b!.receiptNo).toMatch(RECEIPT);
    expect(a!.receiptNo).toBe(c!.receiptNo);
    expect(a!.receiptNo).toBe(d!.receiptNo);
    expect(a!.receiptNo).not.toBe(b!.receiptNo);
    expect(d!.warnings.map((w) => w.code)).toEqual(['MANUAL_REVIEW']);

    const knex = t().db.knex;
    const apps = await knex('applications').orderBy('support_id').select('support_id', 'status', 'receipt_no', 'label_recipient_user_id');
    expect(apps).toEqual([
      { support_id: '300000001', status: 'under_review', receipt_no: a!.receiptNo, label_recipient_user_id: 'U-ADMIN1' },
      { support_id: '300000002', status: 'completed', receipt_no: b!.receiptNo, label_recipient_user_id: null },
    ]);
    expect(await count('registrations')).toBe(4);
    const hw = await knex('registrations').where({ pack_serial: 'HW-0001' }).first();
    expect(hw).toMatchObject({ service_start: '2026-12-01', service_end: '2027-11-30', product_serial: 'PS-HW-0001', site_postal_code: '100-0001' });
    expect(await knex('registration_options').where({ registration_id: hw.id }).orderBy('option_model').select('option_model', 'quantity'))
      .toEqual([{ option_model: 'OPT-HDD', quantity: 1 }, { option_model: 'OPT-MEM', quantity: 2 }]);
    // The NX row left its label blank and inherited the application's one recipient.
    const labels = await knex('label_shipments').select('recipient_user_id', 'postal_code', 'address');
    expect(labels).toEqual([{ recipient_user_id: 'U-ADMIN1', postal_code: '100-0001', address: '東京都千代田区千代田1-1' }]);
    // Admin and deputy of 300000001, admin of 300000002; never the member.
    const outbox = await knex('notification_outbox as o').join('applications as a', 'a.id', 'o.application_id')
      .orderBy(['a.support_id', 'o.recipient_user_id']).select('a.support_id', 'o.recipient_user_id');
    expect(outbox).toEqual([
      { support_id: '300000001', recipient_user_id: 'U-ADMIN1' },
      { support_id: '300000001', recipient_user_id: 'U-DEP1' },
      { support_id: '300000002', recipient_user_id: 'U-ADMIN1' },
    ]);
    const record = await loadImportRecord(knex, importId);
    expect(record.applications.map((x) => [x.supportId, x.rows])).toEqual([['300000001', [2, 4, 5]], ['300000002', [3]]]);
    expect(record.status).toBe('finished');
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('commits nothing in a dry run, and says valid', async () => {
    const { summary, rows } = await run(
      [
        { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' },
        { supportId: '300000001', packModel: 'SP-HW-12', serial: 'NOPE-1' },
      ],
      { dryRun: true },
    );
    expect(rows.map((r) => r.status)).toEqual(['valid', 'rejected']);
    expect(summary).toMatchObject({ valid: 1, rejected: 1, applications: 0 });
    expect(await count('registrations')).toBe(0);
    expect(await count('applications')).toBe(0);
  });

  const mixed: UploadRow[] = [
    { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0002' },
    { supportId: '300000001', packModel: 'SP-HW-12', serial: 'NOT-ISSUED' },
    { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0002' },
  ];

  it('holds the valid rows of an application with a rejected row (atomicity application)', async () => {
    const { rows, summary } = await run(mixed);
    expect(rows.map((r) => r.status)).toEqual(['held', 'rejected', 'registered']);
    expect(rows[0]!.errors.map((e) => [e.code, e.field])).toEqual([['APPLICATION_HELD', null]]);
    expect(rows[1]!.errors.map((e) => e.code)).toEqual(['PACK_SERIAL_UNKNOWN']);
    expect(summary.applications).toBe(1);
    expect(await t().db.knex('registrations').pluck('pack_serial')).toEqual(['PC-0002']);
  });

  it('commits valid rows regardless (atomicity row)', async () => {
    const { rows } = await run(mixed, { atomicity: 'row' });
    expect(rows.map((r) => r.status)).toEqual(['registered', 'rejected', 'registered']);
    expect(await count('applications')).toBe(2);
  });

  it('commits nothing unless every row is valid (atomicity file)', async () => {
    const { rows, summary } = await run(mixed, { atomicity: 'file' });
    expect(rows.map((r) => r.status)).toEqual(['held', 'rejected', 'held']);
    expect(rows[2]!.errors.map((e) => e.code)).toEqual(['FILE_HELD']);
    expect(summary.applications).toBe(0);
    expect(await count('registrations')).toBe(0);
  });

  it('registers nothing twice: the same file again is already_registered under the original receipts', async () => {
    const rows: UploadRow[] = [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0003' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0003' },
    ];
    const first = await run(rows);
    const again = await run(rows);
    expect(again.rows.map((r) => r.status)).toEqual(['already_registered', 'already_registered']);
    expect(again.rows.map((r) => r.receiptNo)).toEqual(first.rows.map((r) => r.receiptNo));
    expect(again.summary).toMatchObject({ already_registered: 2, applications: 0 });
    expect(await count('registrations')).toBe(2);
    expect(await count('applications')).toBe(2);
  });

  it('rejects a serial registered before with other data or under another support ID', async () => {
    await run([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0004' }]);
    const otherId = await run([{ supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0004' }]);
    const otherStart = await run([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0004', start: '2026-12-02' }]);
    for (const { rows } of [otherId, otherStart]) {
      expect(rows.map((r) => [r.status, r.errors.map((e) => e.code).join()])).toEqual([['rejected', 'PACK_SERIAL_REGISTERED']]);
      // The earlier registration's receipt is not shown (it may be another customer's).
      expect(rows[0]!.receiptNo).toBeNull();
    }
    // Site and options are not compared: a changed address is still the same registration.
    const sameButSite = await run([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0004', address: '大阪府大阪市北区梅田9-9' }]);
    expect(sameButSite.rows[0]!.status).toBe('already_registered');
    expect(await count('registrations')).toBe(1);
  });

  it('rejects every occurrence of a serial given twice in the file', async () => {
    const { rows } = await run([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0005' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0002' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0005' },
    ], { atomicity: 'row' });
    expect(rows.map((r) => r.status)).toEqual(['rejected', 'registered', 'rejected']);
    expect(rows[0]!.errors.map((e) => e.code)).toEqual(['PACK_SERIAL_DUPLICATE']);
    expect(rows[0]!.errors[0]!.params).toMatchObject({ rows: [2, 4], count: 2 });
  });

  it('rejects two label recipients in one application, and a needed label with none', async () => {
    const { rows } = await run([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0006', label: 'U-ADMIN1' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0007', label: 'U-DEP1' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' },
      { supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0008', label: '' },
    ], { atomicity: 'row' });
    expect(rows.map((r) => [r.status, r.errors.map((e) => `${e.code}:${e.field}`).join()])).toEqual([
      ['rejected', 'LABEL_RECIPIENT_CONFLICT:label_recipient'],
      ['rejected', 'LABEL_RECIPIENT_CONFLICT:label_recipient'],
      ['registered', ''],
      ['rejected', 'REQUIRED:label_recipient'],
    ]);
  });

  it('rows only pass 3 rejects hold the rest of their application, or of the file, as any rejected row does', async () => {
    const duplicate: UploadRow[] = [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0010' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0004' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0010' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0004' },
    ];
    expect((await run(duplicate)).rows.map((r) => r.status)).toEqual(['rejected', 'held', 'rejected', 'registered']);
    await t().db.knex.raw('truncate registration_options, label_shipments, notification_outbox, registrations, applications, import_rows, import_batches cascade');
    expect((await run(duplicate, { atomicity: 'file' })).rows.map((r) => r.status)).toEqual(['rejected', 'held', 'rejected', 'held']);
    await t().db.knex.raw('truncate registration_options, label_shipments, notification_outbox, registrations, applications, import_rows, import_batches cascade');
    const { rows } = await run([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011', label: 'U-ADMIN1' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0012', label: 'U-DEP1' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0004' },
      { supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0013', label: '' },
      { supportId: '300000002', packModel: 'SP-SW-36', serial: 'SW-0005' },
    ]);
    expect(rows.map((r) => [r.status, r.errors.map((e) => e.code).join()])).toEqual([
      ['rejected', 'LABEL_RECIPIENT_CONFLICT'],
      ['rejected', 'LABEL_RECIPIENT_CONFLICT'],
      ['held', 'APPLICATION_HELD'],
      ['rejected', 'REQUIRED'],
      ['held', 'APPLICATION_HELD'],
    ]);
  });

  it('looks reference data up in batches: queries grow with batches, not rows', async () => {
    const measure = async (n: number) => {
      const rows = Array.from({ length: n }, (_, i) => ({ supportId: '300000001', packModel: 'SP-HW-12', serial: `X-${i}` }));
      const { queries } = await importSending(rows, { dryRun: true });
      // Statements, quoted by knex's builder or not: the keyed look-ups are one statement of four
      // unions (src/rules/lookupReferences.ts).
      return queries.filter((sql) => /from "?(pack_serials|contracts|service_users|registrations|pack_models|products)\b/.test(sql)).length;
    };
    const small = await measure(10);
    // Three batches, the last one partial (the engine's `stagingBatchRows`).
    const batch = t().db.engine.stagingBatchRows;
    const large = await measure(batch * 2 + batch / 2);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(small * 3);
  });

  it('analyses the staged rows of every large file before the statements that read them, and of no small one', async () => {
    const analysed = async (rows: UploadRow[], options: { dryRun?: boolean } = {}) => {
      const { queries } = await importSending(rows, options);
      return queries.some((sql) => sql.startsWith('analyze import_rows'));
    };
    // 10,000 rows (the threshold), every serial unknown: all rejected in pass 2, no two alike.
    const unknown = Array.from({ length: 10_000 }, (_, i) => ({ supportId: '300000001', packModel: 'SP-HW-12', serial: `X-${i}` }));
    // Every large import is analysed: its report is read a page at a time by key, and a page
    // planned on statistics that have never seen the import read all of its rows (next test).
    expect(await analysed(unknown, { dryRun: true }), 'a clean dry run: its report still reads them').toBe(true);
    expect(await analysed(unknown), 'an import of rows all rejected').toBe(true);
    expect(await analysed([...unknown, unknown[0]!], { dryRun: true }), 'a repeated serial: pass 3 counts it').toBe(true);
    expect(await analysed(unknown.slice(0, 9_999)), 'a small file').toBe(false);
  }, 120_000);

  it('leaves statistics that know a large import after staging it, so its report pages are planned by key', async () => {
    const knex = t().db.knex;
    // The statistics read below are the import's own ANALYZE's, not autovacuum's taken meanwhile.
    await knex.raw('alter table import_rows set (autovacuum_enabled = off)');
    onTestFinished(async () => {
      await knex.raw('alter table import_rows reset (autovacuum_enabled)');
    });
    const unknown = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ supportId: '300000001', packModel: 'SP-HW-12', serial: `${prefix}-${i}` }));
    // An import the statistics know (10,000 rows: analysed once staged)…
    await importFile(t().context(), { path: await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' }, ...unknown('A', 9_999)]), resellerCode: 'RS001' });
    // …then a clean dry run of another file: nothing set-based runs after its staging, only reports.
    const dry = await importFile(t().context(), { path: await writeUploadCsv(unknown('B', 12_000)), resellerCode: 'RS001', dryRun: true });
    expect(dry.summary).toMatchObject({ rows: 12_000, rejected: 12_000 });

    // What the planner expects of the import's rows. Never told (the estimate is 1 row), it read a
    // page of a 1M-row re-import's report through import_rows_application_idx, every row of the
    // import and a sort for each 5,000-row page: 1.2 s a page, a report of four files > 12 min
    // (BENCHMARKS.md, eighth round); with statistics that know the import, 16 ms a page.
    const estimate = async (importId: string) => {
      const result = (await knex.raw('explain (format json) select seq from import_rows where import_id = ?', [importId])) as { rows: Array<Record<string, unknown>> };
      return (result.rows[0]!['QUERY PLAN'] as Array<{ Plan: { 'Plan Rows': number } }>)[0]!.Plan['Plan Rows'];
    };
    expect(await estimate(dry.importId)).toBeGreaterThan(6_000);
    expect((await readReportPage(knex, dry.importId, 0)).length).toBe(5_000);
    // Taken from a bounded sample: ANALYZE reads 300 rows per unit of statistics target, from
    // pages across the whole table (every import's rows), so its cost grew with the table's
    // history (1.3 s of a 200k re-import's 8 s on a table of 5M rows; BENCHMARKS.md, tenth round).
    const bounds = await knex.raw(`select coalesce(array_length(histogram_bounds, 1), 0) as n from pg_stats
      where schemaname = current_schema() and tablename = 'import_rows' and attname = 'seq'`) as { rows: Array<{ n: number }> };
    expect(bounds.rows[0]!.n).toBeGreaterThan(0);
    expect(bounds.rows[0]!.n).toBeLessThanOrEqual(31);
  }, 120_000);

  it('neither holds nor looks for applications to commit when pass 2 left no row valid', async () => {
    const pending = (queries: string[]) => queries.filter((sql) => /from "import_rows" where .*group by "support_id"/.test(sql)).length;
    const held = (queries: string[]) => queries.filter((sql) => /update import_rows\b[\s\S]*'held'/.test(sql)).length;
    const rows = [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'NOPE-1' },
      { supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0002' },
    ];
    const first = await importSending(rows);
    expect(first.summary).toMatchObject({ registered: 1, held: 1, rejected: 1, applications: 1 });
    expect(pending(first.queries), 'a file with valid rows looks for its applications').toBe(1);
    expect(held(first.queries), 'and holds the valid row beside a rejected one').toBeGreaterThan(0);

    // A file of no valid row: one already in, one unknown.
    const nothing = await importSending([rows[2]!, { supportId: '300000002', packModel: 'SP-HW-12', serial: 'NOPE-2' }]);
    expect(nothing.summary).toMatchObject({ already_registered: 1, rejected: 1, registered: 0, held: 0, applications: 0 });
    expect(pending(nothing.queries), 'nothing valid: no look for applications to commit').toBe(0);
    expect(held(nothing.queries), 'and no atomicity statement').toBe(0);
  });

  it('takes the summary from pass 2 when nothing after staging changed a row, and reads it back otherwise', async () => {
    const summaryRead = (queries: string[]) => queries.some((sql) => /from import_row_results where import_id = \S+ group by status/.test(sql));
    const check = async (label: string, rows: UploadRow[], options: { dryRun?: boolean }, read: boolean) => {
      const { summary, importId, queries } = await importSending(rows, options);
      expect(summaryRead(queries), label).toBe(read);
      // The same counts as the database's, whichever way they were made.
      expect(summary, label).toEqual(await summarise(t().context(), importId));
      return summary;
    };
    const rows = [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' },
      { supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0001' },
      { supportId: '300000002', packModel: 'SP-HW-12', serial: 'NOPE-1' },
    ];
    expect(await check('a dry run, no row repeated', rows, { dryRun: true }, false)).toMatchObject({ rows: 3, valid: 2, rejected: 1 });
    expect(await check('a dry run with a repeated serial: pass 3 judges it', [...rows, rows[0]!], { dryRun: true }, true)).toMatchObject({ rows: 4, valid: 1, rejected: 3 });
    expect(await check('an import with a rejected row: atomicity holds rows', rows, {}, true)).toMatchObject({ registered: 1, pending_review: 1, rejected: 1, applications: 1 });
    expect(await check('a re-import: nothing valid, nothing committed', rows, {}, false)).toMatchObject({ already_registered: 2, rejected: 1, applications: 0 });
    // A clean import whose commit registered every valid row: the rows stand as pass 2 counted them,
    // valid ones now registered or pending review; only the applications are counted.
    const clean = [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0003' },
      { supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0003' },
      { supportId: '300000002', packModel: 'SP-SW-36', serial: 'SW-0004' },
    ];
    expect(await check('a clean import: every valid row committed', clean, {}, false)).toMatchObject({ rows: 3, registered: 2, pending_review: 1, valid: 0, applications: 2 });
  });

  it('stores free text exactly (tabs, line breaks, backslashes, ①㈱髙) and shows it in the application view', async () => {
    const address = '東京都千代田区千代田1-1\t①㈱髙\\棟\n2F';
    const { rows } = await run([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0009', address, options: 'OPT-A*3' }]);
    expect(rows[0]!.status).toBe('registered');
    const view = await getApplication(t().db.knex, rows[0]!.receiptNo!, 'RS001');
    expect(view!.registrations[0]!.site.address).toBe(address);
    expect(view!.registrations[0]!.options).toEqual([{ model: 'OPT-A', quantity: 3 }]);
    expect(view!.labelShipment).toMatchObject({ status: 'pending', recipientUserId: 'U-ADMIN1' });
    expect(view!.customerName).toBe('髙橋商事株式会社');
    // Another reseller cannot see it: not found, not forbidden.
    expect(await getApplication(t().db.knex, rows[0]!.receiptNo!, 'RS002')).toBeNull();
  });
});
