import type { Context } from '../../src/context.js';
import { reviewApplication } from '../../src/applications/reviewApplication.js';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';

/**
 * Contracts that only folding tells apart (issue 20 item 1): half-width katakana, full-width
 * Latin, ㈱ against 株式会社, LIKE's own wildcards, and a name RS002 shares with RS001.
 */
export const LIST_CONTRACTS = [
  '300000004,ｶﾌﾞｼｷｶﾞｲｼｬ ヤマダ,ＥＲＰ　システム,RS001,active',
  '300000005,㈱さくら,Web受注,RS001,active',
  '300000006,SAKURA Trading 株式会社,在庫管理,RS001,active',
  '300000007,100%サービス,X_システム,RS001,active',
  '300000008,㈱さくら,別システム,RS002,active',
];

export interface ListData {
  /** Receipt numbers by support ID. */
  readonly receipts: Record<string, string>;
  readonly rs1Import: string;
  readonly rs2Import: string;
  readonly failedImport: string;
}

/**
 * RS001: three applications (300000001 completed, 300000002 rejected after review, 300000005
 * completed), a failed import (no data rows) and a dry run; RS002: one application on 300000009.
 */
export async function seedLists(ctx: Context): Promise<ListData> {
  await loadReference(ctx, await writeReferenceDir((files) => files['contracts.csv']!.push(...LIST_CONTRACTS)));
  const rs1 = await importFile(ctx, {
    resellerCode: 'RS001',
    path: await writeUploadCsv([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' },
      { supportId: '300000002', packModel: 'SP-NX-12', serial: 'NX-0001' },
      { supportId: '300000005', packModel: 'SP-SW-36', serial: 'SW-0001' },
    ], '4月分.csv'),
  });
  const rs2 = await importFile(ctx, {
    resellerCode: 'RS002',
    path: await writeUploadCsv([{ supportId: '300000009', packModel: 'SP-HW-12', serial: 'HW-0010', label: 'U-ADMIN9' }]),
  });
  await importFile(ctx, { resellerCode: 'RS001', dryRun: true, path: await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0002' }]) });
  const failed = await importFile(ctx, { resellerCode: 'RS001', path: await writeUploadCsv([], 'empty.csv') }).then(
    () => { throw new Error('an empty file imported'); },
    (error: unknown) => error,
  );
  void failed;
  const knex = ctx.db.knex;
  const apps: { support_id: string; receipt_no: string }[] = await knex('applications').select('support_id', 'receipt_no');
  const receipts = Object.fromEntries(apps.map((a) => [a.support_id, a.receipt_no]));
  await reviewApplication(ctx, { receiptNo: receipts['300000002']!, decision: 'reject', reason: 'test' });
  const failedBatch = await knex('import_batches').where({ reseller_code: 'RS001', status: 'failed' }).first('id');
  return { receipts, rs1Import: rs1.importId, rs2Import: rs2.importId, failedImport: String(failedBatch?.id) };
}
