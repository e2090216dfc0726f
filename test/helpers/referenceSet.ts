import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A small reference data set that tests control line by line (the demo set in
 * fixtures/reference/ is for people). Each file is a list of CSV lines, header first; a test
 * changes one line to make a bad file.
 */
export function baseReferenceFiles(): Record<string, string[]> {
  return {
    'resellers.csv': ['reseller_code,name', 'RS001,株式会社テスト販売', 'RS002,㈱よその販売'],
    'contracts.csv': [
      'support_id,customer_name,system_name,reseller_code,status',
      '300000001,髙橋商事株式会社,基幹システム,RS001,active',
      '300000002,株式会社サンプル,販売管理,RS001,active',
      '300000003,旧契約株式会社,旧システム,RS001,expired',
      '300000009,よその顧客株式会社,他社システム,RS002,active',
    ],
    'service_users.csv': [
      'user_id,support_id,role,name,email,postal_code,address,building,phone',
      'U-ADMIN1,300000001,admin,髙橋 一郎,admin1@example.jp,100-0001,東京都千代田区千代田1-1,①ビル 3F,03-1234-5678',
      'U-DEP1,300000001,deputy,佐藤 花子,dep1@example.jp,100-0002,東京都千代田区丸の内2-2,,03-2345-6789',
      'U-MEM1,300000001,member,鈴木 次郎,mem1@example.jp,100-0003,東京都千代田区大手町3-3,,03-3456-7890',
      'U-ADMIN1,300000002,admin,髙橋 一郎,admin1@example.jp,100-0001,東京都千代田区千代田1-1,①ビル 3F,03-1234-5678',
      'U-ADMIN9,300000009,admin,山田 太郎,admin9@example.jp,530-0001,大阪府大阪市北区梅田1-1,,06-1234-5678',
    ],
    'products.csv': [
      'model,name,end_of_support',
      'EXP-5800-R120,Express5800/R120,',
      'EXP-5800-T110,Express5800/T110,2027-06-30',
      'EXP-4000-OLD,旧サーバ,2025-03-31',
      'NX7700-X1,NX7700 x1,',
      'PC-MATE-1,Mate PC,',
    ],
    'pack_models.csv': [
      'model,name,category,term_months,requires_site,requires_label,options_allowed,manual_review,eligible_products',
      'SP-HW-12,ハードウェアサポートパック 1年,hardware,12,true,true,true,false,EXP-5800-*|EXP-4000-OLD',
      'SP-SW-36,ソフトウェアサポートパック 3年,software,36,false,false,false,false,EXP-5800-R120',
      'SP-PC-12,PC サポートパック,pc,12,false,false,false,false,PC-MATE-*',
      'SP-BN-12,サポートバンドル,bundle,12,true,true,false,false,EXP-5800-*',
      'SP-NX-12,NX サポートパック,hardware,12,true,true,false,true,NX7700-*',
    ],
    'pack_serials.csv': [
      'serial,pack_model',
      ...Array.from({ length: 20 }, (_, i) => `HW-${String(i + 1).padStart(4, '0')},SP-HW-12`),
      ...Array.from({ length: 5 }, (_, i) => `SW-${String(i + 1).padStart(4, '0')},SP-SW-36`),
      ...Array.from({ length: 5 }, (_, i) => `PC-${String(i + 1).padStart(4, '0')},SP-PC-12`),
      ...Array.from({ length: 5 }, (_, i) => `BN-${String(i + 1).padStart(4, '0')},SP-BN-12`),
      ...Array.from({ length: 5 }, (_, i) => `NX-${String(i + 1).padStart(4, '0')},SP-NX-12`),
    ],
  };
}

/** Write a reference directory; `change` edits the lines of any file before writing. */
export async function writeReferenceDir(
  change: (files: Record<string, string[]>) => void = () => undefined,
): Promise<string> {
  const files = baseReferenceFiles();
  change(files);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-ref-'));
  for (const [name, lines] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, name), `${lines.join('\n')}\n`);
  }
  return dir;
}
