import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { runCli } from '../helpers/runCli.js';
import { createTestDatabase } from '../helpers/testDatabase.js';
import { testEngines } from '../helpers/testEnv.js';

/** `mapping`, `inspect --reseller`, `template --reseller` and `webhook` through the built bin, on each engine. */
for (const engine of testEngines()) {
  const skip = engine === 'postgres' && inject('pgUnavailable') !== null;
  describe.skipIf(skip)(`reseller settings CLI [${engine}]`, () => {
    it('saves a mapping that inspect and import then apply; writes the reseller\'s template; sets a webhook', { timeout: 600_000 }, async () => {
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-settings-cli-'));
      let env: Record<string, string>;
      let drop: () => Promise<void> = async () => undefined;
      if (engine === 'postgres') {
        const t = await createTestDatabase('postgres');
        await t.db.close();
        env = { DATABASE_URL: t.url! };
        drop = t.drop;
      } else {
        env = { PACKREG_DATA_DIR: path.join(work, 'db') };
      }
      const cli = (...args: string[]) => runCli(args, env);
      try {
        expect((await cli('reference', 'load', await writeReferenceDir())).code).toBe(0);
        const file = path.join(work, 'export.csv');
        await fs.writeFile(file, '契約番号,Pack,S/N,Machine,Start\r\n300000001,SP-SW-36,SW-0001,EXP-5800-R120,2026-12-01\r\n');

        const bad = await cli('mapping', 'set', '--reseller', 'RS001', 'S/N=serial_no', '--json', '--lang', 'en');
        expect(bad.code).toBe(64);
        expect(JSON.parse(bad.stdout).error.code).toBe('MAPPING_TARGET_UNKNOWN');
        const builtIn = await cli('mapping', 'set', '--reseller', 'RS001', 'シリアル番号=pack_serial');
        expect(builtIn.code).toBe(64);
        expect(builtIn.stderr).toContain('MAPPING_ALIAS_BUILT_IN');

        const set = await cli('mapping', 'set', '--reseller', 'RS001', '契約番号=support_id', 'Pack=pack_model', 'S/N=pack_serial', 'Machine=product_model', 'Start=service_start', '--json');
        expect(set.code).toBe(0);
        expect(JSON.parse(set.stdout).mappings).toHaveLength(5);
        const shown = await cli('mapping', 'show', '--reseller', 'RS001');
        expect(shown.stdout).toMatch(/S\/N\s+→\s+pack_serial/);

        const plain = await cli('inspect', file, '--json');
        expect(plain.code).toBe(2);
        const inspected = await cli('inspect', file, '--reseller', 'RS001', '--json');
        expect(inspected.code).toBe(0);
        expect(JSON.parse(inspected.stdout)).toMatchObject({ columns: { pack_serial: 'S/N' }, savedAliases: { 'S/N': 'pack_serial' } });
        const table = await cli('inspect', file, '--reseller', 'RS001', '--lang', 'en');
        expect(table.stdout).toMatch(/pack_serial\s+S\/N\s+\(saved mapping\)/);

        const report = path.join(work, 'report.json');
        expect((await cli('import', file, '--reseller', 'RS001', '--report', report, '--quiet')).code).toBe(0);
        expect(JSON.parse(await fs.readFile(report, 'utf8')).summary).toMatchObject({ rows: 1, registered: 1 });

        const template = await cli('template', path.join(work, 't.xlsx'), '--reseller', 'RS001', '--json');
        expect(template.code).toBe(0);
        expect(JSON.parse(template.stdout).lists).toEqual({ supportIds: 2, packModels: 5, productModels: 5, labelRecipients: 2 });
        expect((await cli('template', path.join(work, 'x.xlsx'), '--reseller', 'NOPE')).code).toBe(64);

        expect((await cli('webhook', 'set', '--reseller', 'RS001', 'ftp://example.jp/')).code).toBe(64);
        const hook = await cli('webhook', 'set', '--reseller', 'RS001', 'https://example.jp/hook', '--json');
        expect(hook.code).toBe(0);
        expect(JSON.parse(hook.stdout).secret).toMatch(/^whsec_/);
        const show = await cli('webhook', 'show', '--reseller', 'RS001', '--json');
        expect(JSON.parse(show.stdout)).toMatchObject({ url: 'https://example.jp/hook' });
        expect(show.stdout).not.toContain('whsec_');
        expect((await cli('webhook', 'show', '--reseller', 'RS002')).code).toBe(66);
        const deliveries = await cli('webhook', 'deliveries', '--reseller', 'RS001', '--json');
        expect(JSON.parse(deliveries.stdout)).toEqual({ deliveries: [], next: null });
        expect((await cli('webhook', 'remove', '--reseller', 'RS001', '--json')).code).toBe(0);
      } finally {
        await drop();
      }
    });
  });
}
