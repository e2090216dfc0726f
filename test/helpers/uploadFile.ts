import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The English headers of SPEC §3, in the order `uploadRow` fills them. */
export const UPLOAD_HEADERS = [
  'support id', 'pack model', 'pack serial', 'product model', 'product serial', 'service start',
  'service end', 'postal code', 'address', 'phone', 'options', 'label recipient',
];

export interface UploadRow {
  supportId: string;
  packModel: string;
  serial: string;
  product?: string;
  productSerial?: string;
  start?: string;
  end?: string;
  postal?: string;
  address?: string;
  phone?: string;
  options?: string;
  label?: string;
}

/** Sensible values for the small reference set (test/helpers/referenceSet.ts) per pack model. */
export function uploadRow(row: UploadRow): string[] {
  const hardwareLike = /^(?:SP-HW|SP-BN|SP-NX)/.test(row.packModel);
  const product = row.product ?? (row.packModel.startsWith('SP-PC') ? 'PC-MATE-1' : row.packModel.startsWith('SP-NX') ? 'NX7700-X1' : 'EXP-5800-R120');
  return [
    row.supportId,
    row.packModel,
    row.serial,
    product,
    row.productSerial ?? (hardwareLike ? `PS-${row.serial}` : ''),
    row.start ?? '2026-12-01',
    row.end ?? '',
    row.postal ?? (hardwareLike ? '100-0001' : ''),
    row.address ?? (hardwareLike ? '東京都千代田区千代田1-1' : ''),
    row.phone ?? '',
    row.options ?? '',
    row.label ?? (hardwareLike ? 'U-ADMIN1' : ''),
  ];
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Write a UTF-8 CSV upload (header row 1, data from row 2) into a fresh temp directory. */
export async function writeUploadCsv(rows: readonly UploadRow[], name = 'upload.csv'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-upload-'));
  const file = path.join(dir, name);
  const lines = [UPLOAD_HEADERS, ...rows.map(uploadRow)].map((cells) => cells.map(quote).join(','));
  await fs.writeFile(file, `${lines.join('\r\n')}\r\n`);
  return file;
}
