import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { writeLargeCase } from '../helpers/largeReference.js';
import { runCli } from '../helpers/runCli.js';
import { testEngines } from '../helpers/testEnv.js';
import { SOAK, cliDatabase, expectConsistent, readJson, withDb } from './reliabilityKit.js';

/**
 * N packreg processes importing overlapping files into one PostgreSQL database at the same time
 * (SPEC §5: uniqueness is the database's; the loser's application is retried without the row).
 * Every serial is registered once, every report row is accounted for, and every report names
 * the one receipt number its serial got.
 */
const PROCESSES = SOAK ? 8 : 4;

describe.skipIf(!testEngines().includes('postgres') || inject('pgUnavailable') !== null)(`${PROCESSES} imports of overlapping files at once [postgres]`, () => {
  it('every serial registered once, every row of every report accounted for, receipt numbers unique', { timeout: 600_000 }, async () => {
    const perSupportId = 10;
    const { referenceDir, upload, rows } = await writeLargeCase(300, perSupportId); // 3,000 rows
    const dir = path.dirname(upload);
    const cli = await cliDatabase('postgres');
    try {
      expect((await runCli(['reference', 'load', referenceDir], cli.env)).code).toBe(0);
      const [header, ...lines] = (await fs.readFile(upload, 'utf8')).trimEnd().split('\n');
      // Windows of 60 % of the file, each starting further on and wrapping round: every row is in
      // at least two files, and most support IDs are split differently between files.
      const size = Math.floor(rows * 0.6);
      const files = await Promise.all(
        Array.from({ length: PROCESSES }, async (_, k) => {
          const start = Math.floor((k * rows) / PROCESSES) + k * 7;
          const picked = Array.from({ length: size }, (_, i) => lines[(start + i) % rows]!);
          const file = path.join(dir, `part-${k}.csv`);
          await fs.writeFile(file, `${[header, ...picked].join('\n')}\n`);
          return { file, report: path.join(dir, `part-${k}.json`), serials: picked.map((l) => l.split(',')[2]!) };
        }),
      );
      const runs = await Promise.all(
        files.map((f) => runCli(['import', f.file, '--reseller', 'RS001', '--report', f.report, '--quiet'], { ...cli.env, PACKREG_DB_POOL_MAX: '4' })),
      );
      for (const run of runs) expect(run.code, run.stderr).toBe(0);

      const registeredBy = new Map<string, number>();
      const receiptOf = new Map<string, string>();
      for (const f of files) {
        const json = await readJson(f.report);
        expect(json.rows).toHaveLength(size);
        expect(json.summary.rows).toBe(size);
        expect(json.summary.registered + json.summary.already_registered).toBe(size);
        json.rows.forEach((r: { row: number; packSerial: string; status: string; receiptNo: string | null }, i: number) => {
          expect(r.row).toBe(i + 2);
          expect(r.packSerial).toBe(f.serials[i]);
          expect(['registered', 'already_registered']).toContain(r.status);
          expect(r.receiptNo).toMatch(/^R\d{13}$/);
          if (r.status === 'registered') registeredBy.set(r.packSerial, (registeredBy.get(r.packSerial) ?? 0) + 1);
          const known = receiptOf.get(r.packSerial);
          if (known) expect(r.receiptNo, r.packSerial).toBe(known);
          else receiptOf.set(r.packSerial, r.receiptNo!);
        });
        // The report's applications list only what this run committed, with distinct receipts.
        const receipts = json.applications.map((a: { receiptNo: string }) => a.receiptNo);
        expect(new Set(receipts).size).toBe(receipts.length);
      }
      expect(receiptOf.size).toBe(rows);
      expect(registeredBy.size).toBe(rows);
      expect([...registeredBy.values()].every((n) => n === 1)).toBe(true);
      await withDb(cli, async (db) => {
        expect(await expectConsistent(db)).toBe(rows);
        // Each serial's registration sits under the receipt every report gave it.
        const registered: Array<{ pack_serial: string; receipt_no: string }> = await db.knex('registrations as g')
          .join('applications as a', 'a.id', 'g.application_id').select('g.pack_serial', 'a.receipt_no');
        for (const r of registered) expect(receiptOf.get(r.pack_serial)).toBe(r.receipt_no);
      });
    } finally {
      await cli.drop();
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(referenceDir, { recursive: true, force: true });
    }
  });
});
