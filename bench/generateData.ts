import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Realistic benchmark files: about 20 rows per support ID, every row valid against the matching
 * reference data (written beside it): hardware packs with site, label recipient and options,
 * Japanese free text. Deterministic, so runs compare.
 */
export const HEADERS = [
  'サポートID', '型番', '製品シリアルNo.', '対象製品型番', '対象製品シリアルNo.', 'サービス開始日',
  'サービス終了日', '設置場所名', '郵便番号', '住所', 'ビル名', '電話番号', 'オプション機器', '機器管理ラベル送付先', '備考',
];

const ROWS_PER_SUPPORT_ID = 20;

export function supportIdOf(i: number): string {
  return String(300_000_000 + Math.floor(i / ROWS_PER_SUPPORT_ID));
}

export function rowOf(i: number): string[] {
  const sid = supportIdOf(i);
  return [
    sid, 'BP-HW-12', `BS${String(i).padStart(8, '0')}`, 'EXP-5800-R120', `SN${String(i).padStart(8, '0')}`,
    `2026/12/${(i % 28) + 1}`, '', `髙橋ビル${i % 7 === 0 ? '①' : ''} サーバ室`, '100-0001', `東京都千代田区千代田${(i % 9) + 1}-1`,
    '㈱本社ビル 3F', '03-1234-5678', i % 3 === 0 ? 'OPT-MEM-16G*2;OPT-HDD-1T' : '', `U${sid}`, '',
  ];
}

const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

async function writeLines(file: string, rows: number, encode: (text: string) => Buffer): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(encode(`${HEADERS.join(',')}\r\n`));
  let chunk = '';
  for (let i = 0; i < rows; i += 1) {
    chunk += `${rowOf(i).map(quote).join(',')}\r\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(encode(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(encode(chunk));
  await finished(out);
}

async function writeXlsx(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('申込');
  sheet.addRow(HEADERS).commit();
  for (let i = 0; i < rows; i += 1) sheet.addRow(rowOf(i)).commit();
  sheet.commit();
  await workbook.commit();
}

async function writeReference(dir: string, rows: number): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const ids = Math.ceil(rows / ROWS_PER_SUPPORT_ID);
  const lines = (file: string, header: string, body: (push: (l: string) => void) => void) => {
    const all: string[] = [header];
    body((l) => all.push(l));
    fs.writeFileSync(path.join(dir, file), `${all.join('\n')}\n`);
  };
  lines('resellers.csv', 'reseller_code,name', (push) => push('RS001,株式会社ベンチ販売'));
  lines('products.csv', 'model,name,end_of_support', (push) => push('EXP-5800-R120,Express5800/R120,'));
  lines('pack_models.csv', 'model,name,category,term_months,requires_site,requires_label,options_allowed,manual_review,eligible_products',
    (push) => push('BP-HW-12,ベンチ ハードウェアパック,hardware,12,true,true,true,false,EXP-5800-*'));
  lines('contracts.csv', 'support_id,customer_name,system_name,reseller_code,status', (push) => {
    for (let k = 0; k < ids; k += 1) push(`${supportIdOf(k * ROWS_PER_SUPPORT_ID)},顧客${k},システム,RS001,active`);
  });
  lines('service_users.csv', 'user_id,support_id,role,name,email,postal_code,address,building,phone', (push) => {
    for (let k = 0; k < ids; k += 1) {
      const sid = supportIdOf(k * ROWS_PER_SUPPORT_ID);
      push(`U${sid},${sid},admin,管理者${k},u${sid}@example.jp,100-0001,東京都千代田区千代田1-1,,03-0000-0000`);
    }
  });
  // pack_serials can be a million lines: stream it.
  const out = fs.createWriteStream(path.join(dir, 'pack_serials.csv'));
  out.write('serial,pack_model\n');
  for (let i = 0; i < rows; i += 1) {
    if (!out.write(`BS${String(i).padStart(8, '0')},BP-HW-12\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

/** Files for `rows` rows under `dir/<rows>/`: upload.csv (UTF-8), upload-cp932.csv, upload.xlsx, reference/. */
export async function generateData(dir: string, rows: number): Promise<void> {
  const base = path.join(dir, String(rows));
  fs.mkdirSync(base, { recursive: true });
  await writeReference(path.join(base, 'reference'), rows);
  await writeLines(path.join(base, 'upload.csv'), rows, (t) => Buffer.from(t, 'utf8'));
  await writeLines(path.join(base, 'upload-cp932.csv'), rows, (t) => iconv.encode(t, 'cp932'));
  await writeXlsx(path.join(base, 'upload.xlsx'), rows);
}
