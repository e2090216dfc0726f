import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationStatus } from '../../src/domain/applicationStatus.js';
import type { RowStatus } from '../../src/domain/Finding.js';
import { rowStatusLabel, STATUS_LABELS } from '../../src/report/resultColumns.js';
import { readCsvReport, readWorkbook, tempDir } from './reportsKit.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/packreg.js');
const fixture = (name: string) => path.join(ROOT, 'fixtures/uploads', name);

interface Run { code: number; stdout: string; stderr: string }

/**
 * The real CLI (bin → dist/) on an embedded database of its own, piped (not a TTY): what a
 * script or the nightly job sees.
 */
describe('packreg import / report / template (CLI)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (...args: string[]): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env, cwd: dir, timeout: 300_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const out = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    // bin/packreg.js runs the build of dist/bundle/ that `npm test` makes before vitest starts.
    dir = await tempDir();
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    env = { ...rest, PACKREG_DATA_DIR: path.join(dir, 'data'), PACKREG_TODAY: '2026-11-25', PACKREG_LOG_LEVEL: 'silent', NO_COLOR: '1' };
    const loaded = await run('reference', 'load', path.join(ROOT, 'fixtures/reference'));
    expect(loaded.code, loaded.stderr).toBe(0);
  }, 400_000);

  it('all valid: exit 0, --json prints { importId, summary } alone, no progress when piped, every format written', async () => {
    const r = await run('import', fixture('demo-cp932.csv'), '--reseller', 'RS001', '--json',
      '--report', out('ok.json'), '--report', out('ok.csv'), '--report', out('ok.xlsx'));
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(Object.keys(printed)).toEqual(['importId', 'status', 'planId', 'summary']);
    expect(printed).toMatchObject({ status: 'finished', planId: null });
    expect(printed.summary).toMatchObject({ rows: 60, rejected: 0, held: 0, applications: 5 });
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toBe('');
    const json = JSON.parse(await fs.readFile(out('ok.json'), 'utf8'));
    expect(json.rows).toHaveLength(60);
    expect((await readWorkbook(out('ok.xlsx'))).worksheets).toHaveLength(2);
    expect((await readCsvReport(out('ok.csv'))).length).toBe(61);
  });

  it('CP932 CSV report decodes back to the same text (①, ㈱, 髙)', async () => {
    const ids = JSON.parse(await fs.readFile(out('ok.json'), 'utf8'));
    const r = await run('report', ids.importId, '--report', out('sjis.csv'), '--report-encoding', 'cp932');
    expect(r.code, r.stderr).toBe(0);
    // Same rows, same text as the import's UTF-8 report — only the bytes differ.
    const utf8 = (await fs.readFile(out('ok.csv'), 'utf8')).replace(/^\uFEFF/, '');
    const bytes = await fs.readFile(out('sjis.csv'));
    expect(bytes.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const decoded = iconv.decode(bytes, 'cp932');
    expect(decoded).toBe(utf8);
    for (const ch of ['①', '㈱', '髙']) expect(decoded).toContain(ch);
  });

  it('rejected rows: exit 1, a plain summary table (no colour codes), a rejects file and what to do next', async () => {
    const r = await run('import', fixture('demo-mistakes.csv'), '--reseller', 'RS001', '--report', out('m.json'), '--rejects', out('fix.xlsx'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/エラー\s+20/);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toContain(out('fix.xlsx'));
    expect(r.stderr).not.toContain('\r');
    const rejects = (await readWorkbook(out('fix.xlsx'))).worksheets[0]!;
    expect(rejects.actualRowCount).toBe(21);
  });

  it('packreg report rebuilds every format from the stored rows, in another language', async () => {
    const original = JSON.parse(await fs.readFile(out('m.json'), 'utf8'));
    const r = await run('report', original.importId, '--report', out('again.json'), '--report', out('again.csv'), '--report', out('again.xlsx'), '--rejects', out('again-fix.xlsx'), '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(await fs.readFile(out('again.json'), 'utf8'));
    const shape = (j: typeof original) => j.rows.map((row: { row: number; status: string; errors: Array<{ code: string }> }) => [row.row, row.status, row.errors.map((e) => e.code)]);
    expect(shape(again)).toEqual(shape(original));
    expect(again.summary).toEqual(original.summary);
    expect(again.rows[0].errors[0].message).toMatch(/support ID/);
    const [header, ...records] = await readCsvReport(out('again.csv'));
    // The words follow the row's status, and for a committed row its application's (an application
    // under review reads "pending review" on every row of it).
    const applicationStatus = new Map<string, ApplicationStatus>(original.applications.map((a: { receiptNo: string; status: ApplicationStatus }) => [a.receiptNo, a.status]));
    expect(records.map((rec) => rec[header!.indexOf('result')])).toEqual(original.rows.map((row: { status: RowStatus; receiptNo: string | null }) =>
      rowStatusLabel({ status: row.status, applicationStatus: (row.receiptNo && applicationStatus.get(row.receiptNo)) || null }, 'en')));
    expect(new Set(records.map((rec) => rec[header!.indexOf('result')]))).toContain(STATUS_LABELS.pending_review.en);
    expect((await readWorkbook(out('again-fix.xlsx'))).worksheets[0]!.actualRowCount).toBe(21);
  });

  it('a file-level error: exit 2, the error in every report asked for, a message that says what to do', async () => {
    await fs.writeFile(out('garbage.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x13, 0x37, 0x00, 0x00]));
    const r = await run('import', out('garbage.csv'), '--reseller', 'RS001', '--report', out('e.json'), '--report', out('e.csv'), '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/FILE_UNREADABLE: .*Save it again/);
    const json = JSON.parse(await fs.readFile(out('e.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(['error']);
    expect(json.error.code).toBe('FILE_UNREADABLE');
    expect((await readCsvReport(out('e.csv')))[1]![0]).toBe('FILE_UNREADABLE');
  });

  it('a path that does not exist or is a folder: FILE_UNREADABLE, exit 2, the error in the JSON report', async () => {
    for (const [name, target] of [['missing', out('nope.csv')], ['folder', dir]] as const) {
      const r = await run('import', target, '--reseller', 'RS001', '--report', out(`${name}.json`));
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr, name).toMatch(/FILE_UNREADABLE/);
      expect(r.stderr, name).not.toMatch(/INTERNAL|内部エラー/);
      expect(JSON.parse(await fs.readFile(out(`${name}.json`), 'utf8')).error.code, name).toBe('FILE_UNREADABLE');
    }
  });

  it('usage errors exit 64 (unknown reseller, unsupported report type, rejects not .xlsx); an unknown import 66', async () => {
    expect((await run('import', fixture('demo-mistakes.csv'), '--reseller', 'NOPE')).code).toBe(64);
    expect((await run('import', fixture('demo-mistakes.csv'), '--reseller', 'RS001', '--report', out('r.pdf'))).code).toBe(64);
    expect((await run('import', fixture('demo-mistakes.csv'), '--reseller', 'RS001', '--rejects', out('r.csv'))).code).toBe(64);
    expect((await run('template', out('t.csv'))).code).toBe(64);
    expect((await run('report', 'not-an-id', '--report', out('x.json'))).code).toBe(66);
  });

  it('packreg template writes the upload workbook', async () => {
    const r = await run('template', out('template.xlsx'));
    expect(r.code, r.stderr).toBe(0);
    const workbook = await readWorkbook(out('template.xlsx'));
    expect(workbook.worksheets[0]!.getRow(1).getCell(1).value).toBe('サポートID');
    // The hidden sheet holds only the lists too long for Excel's 255-character inline limit: the
    // 25 product models of fixtures/reference (the pack models fit inline).
    expect(workbook.getWorksheet('lists')!.actualRowCount).toBe(25);
  });
});
