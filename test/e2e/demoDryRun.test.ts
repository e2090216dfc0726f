import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { readReportRows } from '../../src/report/readReportRows.js';
import { createTestDatabase } from '../helpers/testDatabase.js';
import { testEngines } from '../helpers/testEnv.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** What fixtures/README.md says each row of demo-mistakes.csv triggers. */
const EXPECTED: Record<number, string> = {
  2: 'SUPPORT_ID_UNKNOWN', 3: 'SUPPORT_ID_UNKNOWN', 4: 'CONTRACT_INACTIVE', 5: 'PACK_MODEL_UNKNOWN',
  6: 'PACK_SERIAL_UNKNOWN', 7: 'PACK_SERIAL_MODEL_MISMATCH', 8: 'PACK_SERIAL_DUPLICATE', 9: 'PACK_SERIAL_DUPLICATE',
  10: 'PRODUCT_NOT_ELIGIBLE', 11: 'PRODUCT_END_OF_SUPPORT', 12: 'SERVICE_START_RANGE', 13: 'REQUIRED',
  14: 'POSTAL_CODE_FORMAT', 15: 'PHONE_FORMAT', 16: 'OPTIONS_FORMAT', 17: 'OPTIONS_QUANTITY',
  18: 'OPTIONS_NOT_ALLOWED', 19: 'DATE_FORMAT', 20: 'LABEL_RECIPIENT_ROLE', 21: 'LABEL_RECIPIENT_UNKNOWN',
};
const WARNINGS: Record<number, string> = { 23: 'END_CLAMPED', 24: 'ADDRESS_NO_NUMBER', 25: 'MANUAL_REVIEW' };

type Outcome = Array<{ row: number; status: string; errors: string[]; warnings: string[]; serviceEnd: string | null }>;

/**
 * The demo files dry-run on PostgreSQL and on PGlite: the same verdict for every row, and the
 * verdicts fixtures/README.md promises.
 */
describe('demo fixtures, dry run on every engine', () => {
  const results = new Map<string, Map<string, Outcome>>();
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  for (const engine of testEngines()) {
    const skip = engine === 'postgres' && inject('pgUnavailable') !== null;
    it.skipIf(skip)(`runs on ${engine}`, { timeout: 600_000 }, async () => {
      const t = await createTestDatabase(engine);
      drops.push(t.drop);
      await loadReference(t.context(), path.join(FIXTURES, 'reference'));
      const byFile = new Map<string, Outcome>();
      for (const file of ['demo-cp932.csv', 'demo.xlsx', 'demo-mistakes.csv']) {
        const { importId } = await importFile(t.context(), { path: path.join(FIXTURES, 'uploads', file), resellerCode: 'RS001', dryRun: true });
        const rows: Outcome = [];
        for await (const r of readReportRows(t.db.knex, importId)) {
          rows.push({ row: r.row, status: r.status, errors: r.errors.map((e) => e.code), warnings: r.warnings.map((w) => w.code), serviceEnd: r.serviceEnd });
        }
        byFile.set(file, rows);
      }
      results.set(engine, byFile);

      for (const file of ['demo-cp932.csv', 'demo.xlsx']) {
        expect(byFile.get(file)!.every((r) => r.status === 'valid'), file).toBe(true);
      }
      const mistakes = byFile.get('demo-mistakes.csv')!;
      for (const [row, code] of Object.entries(EXPECTED)) {
        const r = mistakes.find((x) => x.row === Number(row))!;
        expect(r.status, `row ${row}`).toBe('rejected');
        expect(r.errors, `row ${row}`).toContain(code);
      }
      for (const row of [22, 23, 24, 25]) expect(mistakes.find((x) => x.row === row)!.status).toBe('valid');
      for (const [row, code] of Object.entries(WARNINGS)) {
        expect(mistakes.find((x) => x.row === Number(row))!.warnings, `row ${row}`).toContain(code);
      }
    });
  }

  it('gives identical results on PostgreSQL and PGlite', () => {
    const engines = [...results.keys()];
    if (engines.length < 2) return; // one engine selected: nothing to compare
    expect(results.get(engines[0]!)).toEqual(results.get(engines[1]!));
  });
});
