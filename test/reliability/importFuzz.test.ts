import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isPackregError } from '../../src/domain/PackregError.js';
import { importFile, type ImportSummary } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { readReportRows } from '../../src/report/readReportRows.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { UPLOAD_HEADERS, uploadRow, type UploadRow } from '../helpers/uploadFile.js';
import { SOAK, expectConsistent } from './reliabilityKit.js';

/**
 * fast-check over the whole import (ingest → rules → plan → commit → report) with small CSVs
 * built from valid and invalid cells of the small reference set: never an unhandled exception,
 * always rows or a file-level code; every input row is in the report once and in exactly one
 * status; a dry run commits nothing; importing the same file again registers nothing new.
 */
const FILE_LEVEL = ['FILE_EMPTY', 'FILE_UNREADABLE', 'FILE_ENCODING', 'FILE_LIMITS', 'HEADER_NOT_FOUND', 'HEADER_MISSING_COLUMNS', 'HEADER_DUPLICATE_COLUMN'];
const HOSTILE = ['', ' ', '"', '""', "'); drop table registrations; --", '=1+1', '@SUM(A1)', 'a\u0000b', '\u0007', '①㈱髙', 'x'.repeat(201), '\r\n', ',', '__proto__'];

const serial = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((i) => `HW-${String(i).padStart(4, '0')}`),
  fc.integer({ min: 1, max: 5 }).map((i) => `SW-${String(i).padStart(4, '0')}`),
  fc.integer({ min: 1, max: 5 }).map((i) => `PC-${String(i).padStart(4, '0')}`),
  fc.integer({ min: 1, max: 5 }).map((i) => `NX-${String(i).padStart(4, '0')}`),
  fc.constantFrom('NOPE-0001', 'hw-0003', 'ＨＷ－０００４', ''),
);
const row: fc.Arbitrary<UploadRow> = fc.record({
  supportId: fc.constantFrom('300000001', '300000002', '300000003', '300000009', '399999999', '30000001', '３０００００００１', ''),
  packModel: fc.constantFrom('SP-HW-12', 'SP-SW-36', 'SP-PC-12', 'SP-NX-12', 'SP-BN-12', 'SP-XX-99', ''),
  serial,
}).chain((base) =>
  fc.record({
    start: fc.constantFrom('2026-12-01', '2026/12/1', 'R8.12.1', '2020-01-01', '4月1日', 'abc', ''),
    end: fc.constantFrom('', '2027-11-30', '2026-01-01', '2099-01-01'),
    label: fc.constantFrom(undefined, 'U-ADMIN1', 'U-DEP1', 'U-MEM1', 'U-NOBODY'),
    options: fc.constantFrom('', 'OPT-1*2', 'OPT-1*100', 'bad option!!'),
    postal: fc.constantFrom(undefined, '1000001', '〒100-0001', '12'),
    phone: fc.constantFrom('', '03-1234-5678', '123'),
    /** One cell (by index) replaced by a hostile value. */
    hostile: fc.option(fc.tuple(fc.nat({ max: UPLOAD_HEADERS.length - 1 }), fc.constantFrom(...HOSTILE)), { nil: undefined }),
  }).map((extra) => ({ ...base, ...extra })),
) as fc.Arbitrary<UploadRow & { hostile?: [number, string] }>;

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const toCsv = (rows: Array<UploadRow & { hostile?: [number, string] }>) =>
  [UPLOAD_HEADERS, ...rows.map((r) => {
    const cells = uploadRow(r);
    if (r.hostile) cells[r.hostile[0]] = r.hostile[1];
    return cells;
  })].map((cells) => cells.map(quote).join(',')).join('\r\n');

const total = (s: ImportSummary) => s.registered + s.pending_review + s.already_registered + s.rejected + s.held + s.valid;

describeEachEngine('the whole import under fast-check', (t) => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-fuzz-'));
    await loadReference(t().context(), await writeReferenceDir());
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

  it('never throws but a file-level code; every row in exactly one status; dry run commits nothing; re-import registers nothing', { timeout: 600_000 }, async () => {
    const ctx = t().context();
    const knex = ctx.db.knex;
    const registrations = async () => Number((await knex('registrations').count({ n: '*' }))[0]?.n);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 12 }), fc.constantFrom('application', 'row', 'file'), async (rows, atomicity) => {
        const file = path.join(dir, `fuzz-${(n += 1)}.csv`);
        await fs.writeFile(file, toCsv(rows));
        const run = async (dryRun: boolean) => {
          try {
            return await importFile(ctx, { path: file, resellerCode: 'RS001', dryRun, atomicity: atomicity as 'row' });
          } catch (error) {
            if (isPackregError(error) && FILE_LEVEL.includes(error.code)) return error.code;
            throw error;
          }
        };
        const before = await registrations();
        const dry = await run(true);
        expect(await registrations()).toBe(before);
        if (typeof dry === 'string') {
          // Only files without data rows, or whose only rows are blank, fail at file level here.
          expect(dry).toBe('FILE_EMPTY');
          return;
        }
        expect(total(dry.summary)).toBe(dry.summary.rows);
        expect(dry.summary.registered + dry.summary.pending_review + dry.summary.held + dry.summary.applications).toBe(0);

        const real = await run(false);
        if (typeof real === 'string') throw new Error(`the real run failed where the dry run did not: ${real}`);
        expect(real.summary.rows).toBe(dry.summary.rows);
        expect(real.summary.valid).toBe(0);
        expect(total(real.summary)).toBe(real.summary.rows);
        expect(real.summary.rejected).toBe(dry.summary.rejected);
        const reported: Array<{ row: number; status: string }> = [];
        for await (const r of readReportRows(knex, real.importId)) reported.push(r);
        expect(reported).toHaveLength(real.summary.rows);
        expect(new Set(reported.map((r) => r.row)).size).toBe(reported.length);
        expect(await registrations()).toBe(before + real.summary.registered + real.summary.pending_review);

        const again = await run(false);
        if (typeof again === 'string') throw new Error(`the re-import failed: ${again}`);
        expect(again.summary.registered + again.summary.pending_review).toBe(0);
        expect(again.summary.already_registered).toBeGreaterThanOrEqual(real.summary.registered + real.summary.pending_review);
        expect(await registrations()).toBe(before + real.summary.registered + real.summary.pending_review);
      }),
      { numRuns: SOAK ? 200 : t().engine === 'postgres' ? 25 : 15 },
    );
    await expectConsistent(ctx.db);
  });

  it('SQL-looking text is stored verbatim; a NUL in any cell is TEXT_INVALID in a mapped column and never fails the import', async () => {
    // The text "\\u0000" (a backslash, then u0000) is not a NUL and is stored as written.
    const escaped = 'a\\u0000b \\\\u0000 \\';
    const ctx = t().context();
    const sql = "Robert'); DROP TABLE registrations;-- ①";
    const file = path.join(dir, 'sql.csv');
    await fs.writeFile(file, `${UPLOAD_HEADERS.join(',')},site name,memo\r\n${[
      [...uploadRow({ supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0019' }), sql, 'm\u0000'],
      [...uploadRow({ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0005', phone: '0312345678\u0000' }), '', escaped],
    ].map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`);
    const out = await importFile(ctx, { path: file, resellerCode: 'RS001', atomicity: 'row' });
    expect(out.summary).toMatchObject({ rows: 2, rejected: 1 });
    const reg = await ctx.db.knex('registrations').where({ pack_serial: 'HW-0019' }).first('site_name');
    expect(reg?.site_name).toBe(sql);
    const rows: Array<{ row: number; status: string; cells: string[]; errors: Array<{ code: string; field: string | null; params: { value?: string } }> }> = [];
    for await (const r of readReportRows(ctx.db.knex, out.importId)) rows.push(r as never);
    expect(rows[1]).toMatchObject({ row: 3, status: 'rejected', errors: [{ code: 'TEXT_INVALID', field: 'site_phone' }] });
    // A NUL is stored as ␀ (PostgreSQL text cannot hold U+0000), in the cells and in the finding.
    expect(rows[0]!.cells.at(-1)).toBe('m\u2400');
    expect(rows[1]!.cells.at(-1)).toBe(escaped);
    expect(rows[1]!.cells).toContain('0312345678\u2400');
    expect(rows[1]!.errors[0]!.params.value).toBe('0312345678\u2400');
    expect(await ctx.db.knex('contracts').count({ n: '*' })).toBeTruthy(); // the tables are all still there
  });
});
