import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openEmbedded, openPostgres, type Database } from '../../src/db/openDatabase.js';
import { makeLogger } from '../../src/log.js';
import { createTestDatabase } from '../helpers/testDatabase.js';
import { writeLargeCase } from '../helpers/largeReference.js';
import { runCli, runCliUntil } from '../helpers/runCli.js';
import { testEngines } from '../helpers/testEnv.js';

/**
 * SIGKILL in the middle of committing a large import, then the same file again: every
 * application whole or absent, every row registered exactly once, the re-run's report complete.
 */
for (const engine of testEngines()) {
  const skip = engine === 'postgres' && inject('pgUnavailable') !== null;
  describe.skipIf(skip)(`an import killed mid-commit [${engine}]`, () => {
    it('completes on the re-run with no duplicates and no partial application', { timeout: 600_000 }, async () => {
      const { referenceDir, upload, rows } = await writeLargeCase(400, 20); // 8,000 rows, 2 commit groups
      let env: Record<string, string>;
      let open: () => Promise<Database>;
      let drop: () => Promise<void>;
      if (engine === 'postgres') {
        const t = await createTestDatabase('postgres');
        env = { DATABASE_URL: t.url! };
        await t.db.close();
        open = () => openPostgres(t.url!, loadConfig({}), makeLogger('silent'));
        drop = t.drop;
      } else {
        const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-crash-'));
        env = { PACKREG_DATA_DIR: dataDir };
        open = () => openEmbedded(dataDir, loadConfig({}), makeLogger('silent'));
        drop = () => fs.rm(dataDir, { recursive: true, force: true });
      }
      try {
        expect((await runCli(['reference', 'load', referenceDir], env)).code).toBe(0);
        const crashed = await runCliUntil(['import', upload, '--reseller', 'RS001', '--quiet'], { ...env, PACKREG_LOG_LEVEL: 'info' }, /applications committed/);
        expect(crashed.killed).toBe(true);
        expect(crashed.signal).toBe('SIGKILL');

        const db = await open();
        const partial = Number((await db.knex('registrations').count({ n: '*' }))[0]?.n);
        await db.close();
        expect(partial).toBeGreaterThan(0);
        expect(partial).toBeLessThan(rows);
        expect(partial % 20).toBe(0); // whole applications only

        const report = path.join(path.dirname(upload), 'rerun.json');
        const rerun = await runCli(['import', upload, '--reseller', 'RS001', '--report', report, '--quiet'], env);
        expect(rerun.stderr).toBe('');
        expect(rerun.code).toBe(0);
        const json = JSON.parse(await fs.readFile(report, 'utf8'));
        expect(json.summary.rows).toBe(rows);
        expect(json.summary.already_registered).toBe(partial);
        expect(json.summary.registered).toBe(rows - partial);
        expect(json.rows).toHaveLength(rows);
        expect(json.rows.every((r: { receiptNo: string | null }) => /^R\d{13}$/.test(r.receiptNo ?? ''))).toBe(true);

        const after = await open();
        try {
          const [{ n, serials }] = await after.knex('registrations').select(after.knex.raw('count(*)::int as n, count(distinct pack_serial)::int as serials'));
          expect(n).toBe(rows);
          expect(serials).toBe(rows);
          // One application per support ID, holding all its 20 rows.
          const perSupport = await after.knex('registrations').groupBy('support_id')
            .select('support_id', after.knex.raw('count(distinct application_id)::int as apps, count(*)::int as regs'));
          expect(perSupport).toHaveLength(400);
          expect(perSupport.every((p: { apps: number; regs: number }) => p.apps === 1 && p.regs === 20)).toBe(true);
          const empty = await after.knex('applications as a').whereNotExists(after.knex('registrations as g').whereRaw('g.application_id = a.id')).count({ n: '*' });
          expect(Number(empty[0]?.n)).toBe(0);
        } finally {
          await after.close();
        }
      } finally {
        await drop();
      }
    });
  });
}
