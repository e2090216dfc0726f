import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeReferenceDir } from './referenceSet.js';
import { UPLOAD_HEADERS, uploadRow, type UploadRow } from './uploadFile.js';

/**
 * The small reference set plus `supportIds` more RS001 contracts (each with an admin) and
 * `supportIds × perSupportId` software-pack serials, and an upload that registers all of them:
 * a file big enough to kill an import in the middle of.
 */
export async function writeLargeCase(supportIds: number, perSupportId = 20): Promise<{ referenceDir: string; upload: string; rows: number }> {
  const ids = Array.from({ length: supportIds }, (_, i) => String(310_000_000 + i));
  const referenceDir = await writeReferenceDir((f) => {
    for (const id of ids) {
      f['contracts.csv']!.push(`${id},顧客${id},システム,RS001,active`);
      f['service_users.csv']!.push(`A-${id},${id},admin,管理者,a${id}@example.jp,100-0001,東京都千代田区千代田1-1,,`);
    }
    for (let i = 0; i < supportIds * perSupportId; i += 1) f['pack_serials.csv']!.push(`BIG-${String(i).padStart(7, '0')},SP-SW-36`);
  });
  const rows: UploadRow[] = [];
  for (let i = 0; i < supportIds * perSupportId; i += 1) {
    rows.push({ supportId: ids[i % supportIds]!, packModel: 'SP-SW-36', serial: `BIG-${String(i).padStart(7, '0')}` });
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-large-'));
  const upload = path.join(dir, 'large.csv');
  await fs.writeFile(upload, [UPLOAD_HEADERS, ...rows.map(uploadRow)].map((cells) => cells.join(',')).join('\n') + '\n');
  return { referenceDir, upload, rows: rows.length };
}
