import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';

const UPLOADS = path.resolve(import.meta.dirname, '../../fixtures/uploads');

/** `packreg inspect` (SPEC §7) through the built bin: no database, the SPEC's JSON, exit 2 on a file error. */
describe('packreg inspect', () => {
  it('shows a CP932 CSV with a title above the header as Japanese Excel writes it', async () => {
    const { code, stdout, stderr } = await runCli(['inspect', path.join(UPLOADS, 'demo-cp932.csv'), '--json', '--limit', '2']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ type: 'csv', encoding: 'cp932', sheet: null, headerRow: 3, unknownColumns: [] });
    expect(out.columns).toMatchObject({ support_id: 'サポートID', pack_serial: '製品シリアルNo.', site_postal_code: '郵便番号' });
    expect(out.rows.map((r: { row: number }) => r.row)).toEqual([4, 5]);
    // Full-width 〒１９２－００８３ in the file, normalised; free text keeps ⑤ and the wave dash.
    expect(out.rows[0].values).toMatchObject({ site_postal_code: '192-0083', service_start: '2026-12-12', site_building: '第⑤みなとビル 3F' });
    expect(out.rows[0].values.remarks).toContain('～');
  });

  it('shows an XLSX: sheet, header row and every row with Excel numbers', async () => {
    const { code, stdout } = await runCli(['inspect', path.join(UPLOADS, 'demo.xlsx'), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ type: 'xlsx', encoding: null, headerRow: 1 });
    expect(typeof out.sheet).toBe('string');
    expect(out.rows).toHaveLength(40);
    expect(out.rows[0].row).toBe(2);
    for (const r of out.rows) {
      expect(r.values.support_id).toMatch(/^3\d{8}$/);
      expect(r.values.service_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('prints a table on request without --json', async () => {
    const { code, stdout } = await runCli(['inspect', path.join(UPLOADS, 'demo-cp932.csv'), '--limit', '1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/header row: 3/);
    expect(stdout).toMatch(/support_id\s+サポートID/);
  });

  it('answers a file that is no spreadsheet with { error } and exit 2', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-inspect-'));
    const png = path.join(dir, 'orders.csv');
    await fs.writeFile(png, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'));
    const { code, stdout } = await runCli(['inspect', png, '--json', '--lang', 'en']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
    const header = path.join(dir, 'empty.csv');
    await fs.writeFile(header, 'サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日\r\n');
    const empty = await runCli(['inspect', header, '--json']);
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout).error.code).toBe('FILE_EMPTY');
  });
});
