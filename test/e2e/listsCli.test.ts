import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openEmbedded } from '../../src/db/openDatabase.js';
import { makeLogger } from '../../src/log.js';
import { runCli } from '../helpers/runCli.js';
import { createTestDatabase, testConfig } from '../helpers/testDatabase.js';
import { testEngines } from '../helpers/testEnv.js';
import { seedLists } from './listsKit.js';

/** `contracts search`, `applications list`, `imports list` through the built bin, on each engine (issue 20). */
for (const engine of testEngines()) {
  const skip = engine === 'postgres' && inject('pgUnavailable') !== null;
  describe.skipIf(skip)(`reseller lists CLI [${engine}]`, () => {
    it('search, list, page, filter and refuse, each reseller seeing its own data only', { timeout: 600_000 }, async () => {
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-lists-cli-'));
      const log = makeLogger('silent');
      let env: Record<string, string>;
      let drop: () => Promise<void> = async () => undefined;
      if (engine === 'postgres') {
        const t = await createTestDatabase('postgres');
        await seedLists(t.context());
        await t.db.close();
        env = { DATABASE_URL: t.url! };
        drop = t.drop;
      } else {
        const dataDir = path.join(work, 'db');
        const db = await openEmbedded(dataDir, testConfig(), log);
        try {
          await seedLists({ config: testConfig(), db, log, clock: fixedClock('2026-11-25T03:00:00Z') });
        } finally {
          await db.close();
        }
        env = { PACKREG_DATA_DIR: dataDir };
      }
      const cli = (...args: string[]) => runCli(args, env);
      const json = async (...args: string[]) => {
        const r = await cli(...args, '--json');
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
      };
      try {
        const sakura = await json('contracts', 'search', 'サクラ', '--reseller', 'RS001');
        expect(sakura.items.map((c) => c.supportId)).toEqual(['300000005']);
        expect((await json('contracts', 'search', 'サクラ', '--reseller', 'RS002')).items.map((c) => c.supportId)).toEqual(['300000008']);
        const text = await cli('contracts', 'search', '髙橋', '--reseller', 'RS001', '--lang', 'en');
        expect(text.code).toBe(0);
        expect(text.stdout).toContain('300000001  active  髙橋商事株式会社 / 基幹システム');
        expect(text.stdout).toContain('label recipients: U-ADMIN1 髙橋 一郎 (admin), U-DEP1 佐藤 花子 (deputy)');
        expect((await cli('contracts', 'search', 'どこにもない', '--reseller', 'RS001')).stdout).toContain('該当する契約はありません。');

        const rejected = await json('applications', 'list', '--reseller', 'RS001', '--status', 'rejected');
        expect(rejected.items).toEqual([expect.objectContaining({ supportId: '300000002', status: 'rejected', counts: { registrations: 0, released: 1 } })]);
        const serial = await json('applications', 'list', '--reseller', 'RS001', '--serial', 'hw-0001');
        expect(serial.items).toEqual([expect.objectContaining({ serial: 'HW-0001', supportId: '300000001', status: 'completed' })]);
        expect((await json('applications', 'list', '--reseller', 'RS002', '--serial', 'HW-0001')).items).toEqual([]);

        // Human pages: the next page's cursor is printed, and taking it gives the rest.
        const first = await cli('applications', 'list', '--reseller', 'RS001', '--limit', '2', '--lang', 'ja');
        expect(first.stdout.match(/^R\d{13} {2}/gm)).toHaveLength(2);
        expect(first.stdout).toMatch(/受付 \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/);
        const cursor = /--cursor (\S+)/.exec(first.stdout)![1]!;
        const rest = await json('applications', 'list', '--reseller', 'RS001', '--limit', '2', '--cursor', cursor);
        expect(rest.items).toHaveLength(1);
        expect(rest.nextCursor).toBeNull();

        const imports = await json('imports', 'list', '--reseller', 'RS001');
        expect(imports.items.map((i) => i.status).sort()).toEqual(['failed', 'finished', 'finished']);
        expect(imports.items.every((i) => i.source === 'cli')).toBe(true);
        expect((await json('imports', 'list', '--reseller', 'RS002')).items).toHaveLength(1);
        const failed = await cli('imports', 'list', '--reseller', 'RS001', '--status', 'failed', '--lang', 'en');
        expect(failed.stdout).toContain('failed  CLI  empty.csv');
        expect(failed.stdout).toContain('FILE_EMPTY');

        // Refusals: stable codes, exit 64, JSON errors on stdout with --json.
        const unknown = await cli('imports', 'list', '--reseller', 'RS999', '--json');
        expect(unknown.code).toBe(64);
        expect(JSON.parse(unknown.stdout).error.code).toBe('RESELLER_UNKNOWN');
        const noReseller = await cli('applications', 'list', '--json');
        expect(noReseller.code).toBe(64);
        const badCursor = await cli('contracts', 'search', 'x', '--reseller', 'RS001', '--cursor', 'zzz', '--json', '--lang', 'en');
        expect(badCursor.code).toBe(64);
        expect(JSON.parse(badCursor.stdout).error).toMatchObject({ code: 'CURSOR_INVALID', message: expect.stringMatching(/^The cursor/) });
        const badDate = await cli('applications', 'list', '--reseller', 'RS001', '--since', '2026-02-30');
        expect(badDate.code).toBe(64);
        expect(badDate.stderr).toContain('USAGE');
        const badLimit = await cli('imports', 'list', '--reseller', 'RS001', '--limit', '500', '--lang', 'en');
        expect(badLimit.code).toBe(64);
        expect(badLimit.stderr).toContain('--limit must be 1-200');
      } finally {
        await drop();
      }
    });
  });
}
