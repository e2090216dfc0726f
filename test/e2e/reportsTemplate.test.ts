import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { FIELD_KEYS } from '../../src/domain/fields.js';
import { importFile } from '../../src/import.js';
import { headerMeaning } from '../../src/ingest/headerAliases.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { TEMPLATE_COLUMNS } from '../../src/report/templateColumns.js';
import { writeReportFile } from '../../src/report/writeReportFile.js';
import { writeTemplate } from '../../src/report/writeTemplate.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { noteOf, readWorkbook, tempDir } from './reportsKit.js';

describeEachEngine('upload template', (t) => {
  let file: string;
  let dir: string;

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    dir = await tempDir();
    file = path.join(dir, 'template.xlsx');
    await writeReportFile(file, (out) => writeTemplate(t().db.knex, { lang: 'ja' }, out));
  });

  it('has every SPEC §3 column under its Japanese header, each with a note', async () => {
    const sheet = (await readWorkbook(file)).worksheets[0]!;
    expect(sheet.name).toBe('登録依頼');
    expect(sheet.state).toBe('visible');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(FIELD_KEYS.map((k) => TEMPLATE_COLUMNS[k].header));
    // The ingest maps each header back to its own key.
    headers.forEach((h, i) => expect(headerMeaning(String(h))).toEqual({ kind: 'field', key: FIELD_KEYS[i] }));
    for (let c = 1; c <= headers.length; c += 1) expect(noteOf(sheet.getRow(1).getCell(c)).length).toBeGreaterThan(5);
    expect(sheet.actualRowCount).toBe(1);
  });

  it('offers the reference data\'s pack and product models in inline drop-downs (short lists need no hidden sheet)', async () => {
    const workbook = await readWorkbook(file);
    expect(workbook.getWorksheet('lists')).toBeUndefined();
    const sheet = workbook.worksheets[0]!;
    for (const address of ['B2', 'B500', 'B10001']) {
      expect(sheet.getCell(address).dataValidation).toMatchObject({ type: 'list', formulae: ['"SP-BN-12,SP-HW-12,SP-NX-12,SP-PC-12,SP-SW-36"'] });
    }
    expect(sheet.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"EXP-4000-OLD,EXP-5800-R120,EXP-5800-T110,NX7700-X1,PC-MATE-1"'] });
    // Without a reseller: no support ID or label recipient lists.
    expect(sheet.getCell('A2').dataValidation).toBeUndefined();
    expect(sheet.getCell('N2').dataValidation).toBeUndefined();
  });

  it('filled in with valid rows, it imports', async () => {
    const workbook = await readWorkbook(file);
    const sheet = workbook.worksheets[0]!;
    const row = (serial: string) => ({
      support_id: '300000001', pack_model: 'SP-HW-12', pack_serial: serial, product_model: 'EXP-5800-R120',
      product_serial: `P-${serial}`, service_start: '2026/12/1', service_end: '', site_name: '本社 サーバ室',
      site_postal_code: '100-0001', site_address: '東京都千代田区千代田1-1', site_building: '①ビル', site_phone: '0312345678',
      options: 'OPT-A*2', label_recipient: 'U-ADMIN1', remarks: '',
    } as Record<string, string>);
    for (const [i, serial] of ['HW-0001', 'HW-0002'].entries()) {
      const values = row(serial);
      FIELD_KEYS.forEach((key, c) => {
        if (values[key]) sheet.getRow(i + 2).getCell(c + 1).value = values[key]!;
      });
    }
    // A date typed into Excel becomes a date cell.
    sheet.getCell('F3').value = new Date(Date.UTC(2026, 11, 2));
    const filled = path.join(dir, 'filled.xlsx');
    await workbook.xlsx.writeFile(filled);
    const outcome = await importFile(t().context(), { path: filled, resellerCode: 'RS001' });
    expect(outcome.summary).toMatchObject({ rows: 2, registered: 2, rejected: 0 });
    const phones = await t().db.knex('registrations').where({ import_id: outcome.importId }).orderBy('pack_serial').select('site_phone', 'service_start');
    expect(phones.map((p: { service_start: string }) => p.service_start)).toEqual(['2026-12-01', '2026-12-02']);
  });
});
