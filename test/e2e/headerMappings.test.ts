import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { PackregError } from '../../src/domain/PackregError.js';
import { importFile } from '../../src/import.js';
import { inspectFile } from '../../src/ingest/inspectFile.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { buildServer } from '../../src/server/buildServer.js';
import { headerMappings } from '../../src/settings/headerMappings.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/** A reseller system's own export: its headers are none of SPEC §3's. */
async function ownHeadersCsv(rows: string[][]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-mapping-'));
  const file = path.join(dir, 'export.csv');
  const lines = [['契約番号', 'Pack', 'S/N', 'Machine', 'Machine S/N', 'Start', '〒', 'Addr', 'Label To'], ...rows];
  await fs.writeFile(file, `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`);
  return file;
}
const MAPPING = [
  { header: '契約番号', key: 'support_id' }, { header: 'Pack', key: 'pack_model' }, { header: 'S/N', key: 'pack_serial' },
  { header: 'Machine', key: 'product_model' }, { header: 'Machine S/N', key: 'product_serial' }, { header: 'Start', key: 'service_start' },
  { header: '〒', key: 'site_postal_code' }, { header: 'Addr', key: 'site_address' }, { header: 'Label To', key: 'label_recipient' },
];
const codeOf = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof PackregError ? e.code : String(e)));

describeEachEngine('saved header mappings', (t) => {
  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
  });

  it('refuses a target that is no field and an alias that is a built-in header, saving nothing', async () => {
    const knex = t().db.knex;
    expect(await codeOf(headerMappings.save(knex, 'RS001', [{ header: 'S/N', key: 'serial_no' }], false))).toBe('MAPPING_TARGET_UNKNOWN');
    // Built in: a SPEC §3 header (any width or case), a field key, an option pair half.
    for (const header of ['シリアル番号', 'ＳＥＲＩＡＬ', 'support_id', 'オプション型番1']) {
      expect(await codeOf(headerMappings.save(knex, 'RS001', [{ header: 'Pack', key: 'pack_model' }, { header, key: 'pack_serial' }], false)), header)
        .toBe('MAPPING_ALIAS_BUILT_IN');
    }
    expect(await headerMappings.list(knex, 'RS001')).toEqual([]);
  });

  it('a file with the reseller\'s own headers is refused until the mapping is saved, then imports as is', async () => {
    const ctx = t().context();
    const file = await ownHeadersCsv([
      ['300000001', 'SP-HW-12', 'HW-0001', 'EXP-5800-R120', 'PS-1', '2026-12-01', '100-0001', '東京都千代田区千代田1-1', 'U-ADMIN1'],
      ['300000001', 'SP-HW-12', 'HW-0002', 'EXP-5800-R120', 'PS-2', '2026-12-01', '100-0001', '東京都千代田区千代田1-1', 'U-ADMIN1'],
    ]);
    expect(await codeOf(importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true }))).toBe('HEADER_NOT_FOUND');
    await headerMappings.save(ctx.db.knex, 'RS001', MAPPING, false);
    // Saving again with a different case/width of one header changes that entry, adds none.
    await headerMappings.save(ctx.db.knex, 'RS001', [{ header: 'ｓ／ｎ', key: 'pack_serial' }], false);
    expect((await headerMappings.list(ctx.db.knex, 'RS001')).length).toBe(MAPPING.length);

    const outcome = await importFile(ctx, { path: file, resellerCode: 'RS001' });
    expect(outcome.summary).toMatchObject({ rows: 2, registered: 2, rejected: 0 });
    const facts = (await ctx.db.knex('import_batches').where({ id: outcome.importId }).first('file_facts'))!.file_facts!;
    expect(facts.columns).toMatchObject({ support_id: '契約番号', pack_serial: 'S/N', label_recipient: 'Label To' });
    expect(facts.savedAliases).toMatchObject({ 'S/N': 'pack_serial', 契約番号: 'support_id' });
    expect(facts.unknownColumns).toEqual([]);
  });

  it('is the reseller\'s own: another reseller\'s file with those headers is not mapped', async () => {
    const ctx = t().context();
    const file = await ownHeadersCsv([['300000009', 'SP-HW-12', 'HW-0005', 'EXP-5800-R120', 'PS-5', '2026-12-01', '530-0001', '大阪府大阪市北区梅田1-1', 'U-ADMIN9']]);
    expect(await codeOf(importFile(ctx, { path: file, resellerCode: 'RS002', dryRun: true }))).toBe('HEADER_NOT_FOUND');
    expect(await headerMappings.list(ctx.db.knex, 'RS002')).toEqual([]);
  });

  it('inspect with the mapping shows it applied; removing it brings the refusal back', async () => {
    const ctx = t().context();
    const file = await ownHeadersCsv([['300000001', 'SP-SW-36', 'SW-0001', 'EXP-5800-R120', '', '2026-12-01', '', '', '']]);
    const result = await inspectFile(file, { limits: ctx.config.limits, aliases: await headerMappings.load(ctx.db.knex, 'RS001') });
    expect(result.columns).toMatchObject({ pack_serial: 'S/N', service_start: 'Start' });
    expect(result.savedAliases).toMatchObject({ 'S/N': 'pack_serial' });
    expect(result.rows[0]!.values).toMatchObject({ support_id: '300000001', pack_serial: 'SW-0001' });
    expect(await headerMappings.remove(ctx.db.knex, 'RS001', ['s/n'])).toBe(1);
    expect(await codeOf(importFile(ctx, { path: file, resellerCode: 'RS001', dryRun: true }))).toBe('HEADER_MISSING_COLUMNS');
    expect(await headerMappings.remove(ctx.db.knex, 'RS001', null)).toBe(MAPPING.length - 1);
  });

  it('over HTTP: PUT /v1/mapping replaces the token\'s reseller\'s mapping, refuses bad entries with 422, GET shows only its own', async () => {
    const ctx = t().context();
    const rs1 = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    const rs2 = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    const app = await buildServer({ ctx, queue: { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' }, version: 'test' });
    try {
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      const builtIn = await app.inject({ method: 'PUT', url: '/v1/mapping?lang=en', headers: auth(rs1), payload: { mappings: [{ header: 'Serial', key: 'pack_serial' }] } });
      expect(builtIn.statusCode).toBe(422);
      expect(builtIn.json().error.code).toBe('MAPPING_ALIAS_BUILT_IN');
      const unknown = await app.inject({ method: 'PUT', url: '/v1/mapping?lang=ja', headers: auth(rs1), payload: { mappings: [{ header: 'S/N', key: 'serial_no' }] } });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error).toMatchObject({ code: 'MAPPING_TARGET_UNKNOWN' });
      expect(unknown.json().error.message).toContain('項目キー');
      const put = await app.inject({ method: 'PUT', url: '/v1/mapping', headers: auth(rs1), payload: { mappings: [{ header: 'S/N', key: 'pack_serial' }, { header: '契約番号', key: 'support_id' }] } });
      expect(put.statusCode).toBe(200);
      expect((await app.inject({ url: '/v1/mapping', headers: auth(rs1) })).json().mappings).toEqual([{ header: 'S/N', key: 'pack_serial' }, { header: '契約番号', key: 'support_id' }]);
      expect((await app.inject({ url: '/v1/mapping', headers: auth(rs2) })).json()).toEqual({ mappings: [] });
      await app.inject({ method: 'PUT', url: '/v1/mapping', headers: auth(rs1), payload: { mappings: [] } });
      expect(await headerMappings.list(ctx.db.knex, 'RS001')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
