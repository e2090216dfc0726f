import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Lang } from '../../src/domain/lang.js';
import { loadImportRecord } from '../../src/report/loadImportRecord.js';
import { writeRejectsFile } from '../../src/report/writeRejectsFile.js';
import type { ReportFormat } from '../../src/report/reportFormatOf.js';
import { writeReport } from '../../src/report/writeReport.js';
import { writeReportFile } from '../../src/report/writeReportFile.js';

/** The upload header of the report tests (SPEC §3 Japanese names), plus one unknown column. */
export const HEADER = ['サポートID', '型番', '製品シリアルNo.', '対象製品型番', '対象製品シリアルNo.', 'サービス開始日',
  'サービス終了日', '設置場所名', '郵便番号', '住所', 'ビル名', '電話番号', 'オプション機器', '機器管理ラベル送付先', '備考', '社内メモ'];
export const COL = Object.fromEntries(HEADER.map((h, i) => [h, i])) as Record<string, number>;

/** A valid hardware row against test/helpers/referenceSet.ts (support ID 300000001, SP-HW-12). */
export function uploadRow(serial: string, change: Record<string, string> = {}): string[] {
  const base: Record<string, string> = {
    'サポートID': '300000001', '型番': 'SP-HW-12', '製品シリアルNo.': serial, '対象製品型番': 'EXP-5800-R120',
    '対象製品シリアルNo.': `P-${serial}`, 'サービス開始日': '2026-12-01', 'サービス終了日': '', '設置場所名': '本社 サーバ室',
    '郵便番号': '100-0001', '住所': '東京都千代田区千代田1-1', 'ビル名': '①ビル 3F', '電話番号': '03-1234-5678',
    'オプション機器': '', '機器管理ラベル送付先': 'U-ADMIN1', '備考': '', '社内メモ': '',
  };
  const values = { ...base, ...change };
  return HEADER.map((h) => values[h] ?? '');
}

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'packreg-reports-'));
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A UTF-8 CSV upload (header first). */
export async function writeCsvUpload(dir: string, name: string, rows: string[][], header = HEADER): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
  return file;
}

/** An XLSX upload written by exceljs (every cell a plain string: hostile text stays text). */
export async function writeXlsxUpload(dir: string, name: string, rows: string[][], header = HEADER): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('登録依頼');
  for (const r of [header, ...rows]) sheet.addRow(r);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Write a report of `importId` the way the CLI does; returns its path. */
export async function reportOf(knex: Knex, importId: string, dir: string, format: ReportFormat, options: { lang?: Lang; encoding?: 'utf8' | 'cp932'; name?: string } = {}): Promise<string> {
  const record = await loadImportRecord(knex, importId);
  const file = path.join(dir, options.name ?? `${importId}.${format}`);
  await writeReportFile(file, (out) => writeReport(knex, record, format, { lang: options.lang ?? 'ja', ...(options.encoding ? { encoding: options.encoding } : {}) }, out));
  return file;
}

export async function rejectsOf(knex: Knex, importId: string, dir: string, lang: Lang = 'ja'): Promise<string> {
  const record = await loadImportRecord(knex, importId);
  const file = path.join(dir, `${importId}-rejects.xlsx`);
  await writeReportFile(file, (out) => writeRejectsFile(knex, record, { lang }, out));
  return file;
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** A CSV report's records (BOM dropped), parsed with csv-parse as a reseller's tool would. */
export async function readCsvReport(file: string, decode: (b: Buffer) => string = (b) => b.toString('utf8')): Promise<string[][]> {
  const { parse } = await import('csv-parse/sync');
  const text = decode(await fs.readFile(file)).replace(/^\uFEFF/, '');
  return parse(text, { relax_column_count: false }) as string[][];
}

export const fillOf = (cell: ExcelJS.Cell): string | undefined =>
  cell.fill && cell.fill.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
export const noteOf = (cell: ExcelJS.Cell): string =>
  typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join('');
