import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { buildServer } from '../../src/server/buildServer.js';
import type { ImportQueue } from '../../src/server/makeImportQueue.js';
import { writeReportFile } from '../../src/report/writeReportFile.js';
import { writeTemplate } from '../../src/report/writeTemplate.js';
import { openpyxlMissing, openpyxlPython } from '../helpers/openpyxl.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { inCi } from '../helpers/testEnv.js';
import { tempDir } from './reportsKit.js';

const run = promisify(execFile);
const NO_QUEUE: ImportQueue = { enqueue: async () => undefined, wake: () => undefined, stop: async () => 'graceful' };
const soffice = (() => {
  try {
    return execFileSync('which', ['soffice'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

/** 40 more active contracts for RS001 (400+ characters of support IDs: past the inline limit), one expired. */
const MORE_IDS = Array.from({ length: 40 }, (_, i) => `3100000${String(i).padStart(2, '0')}`);

/** What openpyxl (an independent reader) sees: sheets and their state, validations, header notes, column formats. */
const INSPECT = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    out[ws.title] = {
        "state": ws.sheet_state,
        "validations": [{"sqref": str(dv.sqref), "type": dv.type, "formula1": dv.formula1} for dv in ws.data_validations.dataValidation],
        "notes": [c.comment.text if c.comment else None for c in ws[1]] if ws.max_row >= 1 else [],
        # openpyxl groups neighbouring columns of one style under the first one's letter (min..max).
        "formats": {openpyxl.utils.get_column_letter(i): next((d.number_format for d in ws.column_dimensions.values() if d.min <= i <= d.max), None) for i in (1, 6, 7, 14)},
        "values": [[c.value for c in row] for row in ws.iter_rows(max_row=3)],
    }
sys.stdout.write(json.dumps(out, default=str))
`;

/** Fill rows 2-3 of the template with openpyxl, as another tool would (a date cell included), and save a copy. */
const FILL = `
import datetime, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [
  ["300000001", "SP-HW-12", "HW-0010", "EXP-5800-R120", "P-10", datetime.date(2026, 12, 1), None, "本社", "100-0001", "東京都千代田区千代田1-1", None, None, None, "U-DEP1", None],
  ["310000005", "SP-SW-36", "SW-0003", "EXP-5800-R120", None, datetime.date(2026, 12, 2), None, None, None, None, None, None, None, None, None],
]
for r, values in enumerate(rows, start=2):
    for c, v in enumerate(values, start=1):
        if v is not None:
            ws.cell(row=r, column=c, value=v)
wb.save(sys.argv[2])
`;

describeEachEngine('template made for a reseller', (t) => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir((files) => {
      files['contracts.csv']!.push(...MORE_IDS.map((id) => `${id},顧客${id},システム,RS001,active`), '310000099,終了顧客,旧,RS001,expired');
      files['service_users.csv']!.push(`U-ADMIN2,310000005,admin,管理 二郎,a2@example.jp,100-0001,東京都千代田区千代田1-1,,03-1111-2222`);
    }));
    dir = await tempDir();
    file = path.join(dir, 'rs001.xlsx');
    await writeReportFile(file, (out) => writeTemplate(t().db.knex, { lang: 'ja', resellerCode: 'RS001' }, out));
  });

  it('has drop-downs of the reseller\'s own lists (long ones on a hidden sheet by range), date formats and a note on every header — read by openpyxl', async (test) => {
    const missing = await openpyxlMissing();
    if (missing) return test.skip(missing);
    const { stdout } = await run((await openpyxlPython())!, ['-c', INSPECT, file]);
    const book = JSON.parse(stdout) as Record<string, { state: string; validations: Array<{ sqref: string; type: string; formula1: string }>; notes: Array<string | null>; formats: Record<string, string>; values: unknown[][] }>;
    const main = book['登録依頼']!;
    expect(main.state).toBe('visible');
    expect(main.notes).toHaveLength(15);
    for (const note of main.notes) expect(note?.length ?? 0).toBeGreaterThan(5);
    const byColumn = Object.fromEntries(main.validations.map((v) => [v.sqref.split(':')[0], v]));
    // Support IDs (2 + 40 active, not the expired ones, not RS002's 300000009): past 255 characters.
    expect(byColumn.A2).toMatchObject({ type: 'list', sqref: 'A2:A10001', formula1: 'lists!$A$1:$A$42' });
    expect(byColumn.B2!.formula1).toBe('"SP-BN-12,SP-HW-12,SP-NX-12,SP-PC-12,SP-SW-36"');
    expect(byColumn.D2!.formula1).toMatch(/^"EXP-4000-OLD,/);
    expect(byColumn.N2!.formula1).toBe('"U-ADMIN1,U-ADMIN2,U-DEP1"');
    expect(main.formats).toMatchObject({ A: '@', F: 'yyyy/mm/dd', G: 'yyyy/mm/dd', N: '@' });

    const lists = book.lists!;
    expect(lists.state).toBe('hidden');
    expect(lists.values.map((r) => r[0])).toEqual(['300000001', '300000002', MORE_IDS[0]]);
    const { stdout: all } = await run((await openpyxlPython())!, ['-c', 'import json,sys,openpyxl\nws=openpyxl.load_workbook(sys.argv[1])["lists"]\nprint(json.dumps([r[0].value for r in ws.iter_rows()]))', file]);
    const ids = JSON.parse(all) as string[];
    expect(ids).toHaveLength(42);
    expect(ids).not.toContain('300000009');
    expect(ids).not.toContain('300000003');
    expect(ids).not.toContain('310000099');
  });

  it('filled in by another tool (openpyxl, a date cell) it imports cleanly', async (test) => {
    const missing = await openpyxlMissing();
    if (missing) return test.skip(missing);
    const filled = path.join(dir, 'filled.xlsx');
    await run((await openpyxlPython())!, ['-c', FILL, file, filled]);
    const outcome = await importFile(t().context(), { path: filled, resellerCode: 'RS001' });
    expect(outcome.summary).toMatchObject({ rows: 2, registered: 2, rejected: 0 });
    const starts = await t().db.knex('registrations').where({ import_id: outcome.importId }).orderBy('pack_serial').pluck('service_start');
    expect(starts).toEqual(['2026-12-01', '2026-12-02']);
  });

  it.skipIf(!soffice && !inCi())(`opens in LibreOffice with its header and lists${soffice ? '' : ' (SKIPPED: soffice not installed — apt-get install libreoffice-calc)'}`, async () => {
    if (!soffice) throw new Error('soffice is not installed (apt-get install libreoffice-calc); CI must run this test');
    const out = path.join(dir, `lo-${t().engine}`);
    await run(soffice, ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, file], { timeout: 300_000 });
    const text = await fs.readFile(path.join(out, 'rs001.csv'), 'utf8');
    expect(text.split(/\r?\n/)[0]).toContain('サポートID');
  });

  it('GET /v1/template.xlsx is made for the token\'s reseller: RS002 never sees RS001\'s support IDs or users', async () => {
    const ctx = t().context();
    const token = (await apiTokens.create(ctx.db.knex, 'RS002')).token;
    const app = await buildServer({ ctx, queue: NO_QUEUE, version: 'test' });
    try {
      const res = await app.inject({ url: '/v1/template.xlsx', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      const xlsx = path.join(dir, 'rs002.xlsx');
      await fs.writeFile(xlsx, res.rawPayload);
      const { default: ExcelJS } = await import('exceljs');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsx);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getCell('A2').dataValidation).toMatchObject({ formulae: ['"300000009"'] });
      expect(sheet.getCell('N2').dataValidation).toMatchObject({ formulae: ['"U-ADMIN9"'] });
      expect(workbook.getWorksheet('lists')).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
