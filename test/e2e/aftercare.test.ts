import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { changeOptions } from '../../src/applications/changeOptions.js';
import { changeSite } from '../../src/applications/changeSite.js';
import { formatApplication } from '../../src/applications/formatApplication.js';
import { getApplication } from '../../src/applications/getApplication.js';
import { reviewApplication } from '../../src/applications/reviewApplication.js';
import { END_CLAMPED_ALERT_JA, renderFinding } from '../../src/domain/rowCodes.js';
import { exportLabels } from '../../src/labels/exportLabels.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { importForReceipts, truncateApplications } from './aftercareKit.js';

const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: { code?: string }) => e.code ?? String(e));

describeEachEngine('aftercare: status, review, changes, labels', (t) => {
  const knex = () => t().db.knex;
  // 300000001: a hardware pack on a product whose support ends 2027-06-30 (clamped), with options,
  // and an NX pack that needs review. 300000002: a PC pack only (no label).
  let mixed: string;
  let pcOnly: string;
  const outFile = async (name: string) => path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-labels-')), name);

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
  });

  beforeEach(async () => {
    await truncateApplications(t());
    const receipts = await importForReceipts(t(), [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001', product: 'EXP-5800-T110', options: 'OPT-MEM*2;OPT-HDD' },
      { supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0001' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
    ]);
    mixed = receipts['300000001']!;
    pcOnly = receipts['300000002']!;
  });

  it('shows an application: customer, status, clamped service period, site, options, label', async () => {
    const view = await getApplication(knex(), mixed);
    expect(view).toMatchObject({ receiptNo: mixed, supportId: '300000001', customerName: '髙橋商事株式会社', status: 'under_review', review: null });
    const hw = view!.registrations.find((g) => g.packSerial === 'HW-0001')!;
    expect(hw).toMatchObject({ serviceStart: '2026-12-01', serviceEnd: '2027-06-30', endClamped: true, released: false });
    expect(hw.site).toMatchObject({ postalCode: '100-0001', address: '東京都千代田区千代田1-1' });
    expect(hw.options).toEqual([{ model: 'OPT-HDD', quantity: 1 }, { model: 'OPT-MEM', quantity: 2 }]);
    expect(view!.labelShipment).toMatchObject({ status: 'pending', recipientUserId: 'U-ADMIN1' });

    const ja = formatApplication(view!, 'ja');
    expect(ja).toContain(mixed);
    expect(ja).toContain('確認中');
    expect(ja).toContain(END_CLAMPED_ALERT_JA);
    expect(formatApplication(view!, 'en')).toContain('under review');
    expect(await getApplication(knex(), 'R0000000000000')).toBeNull();
    // Another reseller's application is simply not there.
    expect(await getApplication(knex(), mixed, 'RS002')).toBeNull();
  });

  it('refuses site and option changes while under review, and lists no label for it yet', async () => {
    expect(await codeOf(changeSite(t().context(), { receiptNo: mixed, serial: 'HW-0001', site: { postalCode: '105-0011' } })))
      .toBe('APPLICATION_UNDER_REVIEW');
    expect(await codeOf(changeOptions(t().context(), { receiptNo: mixed, serial: 'HW-0001', options: 'OPT-X' }))).toBe('APPLICATION_UNDER_REVIEW');
    const file = await outFile('labels.csv');
    expect((await exportLabels(t().context(), file)).shipments).toBe(0);
    expect(await knex()('audit_log').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('approves once: completed, audited, administrators notified; a second decision is refused', async () => {
    const ctx = t().context({ config: { operator: 'ops-tanaka' } });
    const outcome = await reviewApplication(ctx, { receiptNo: mixed, decision: 'approve', reason: 'NX 構成確認済み' });
    expect(outcome).toMatchObject({ status: 'completed', releasedSerials: [], notifications: 2 });
    const view = await getApplication(knex(), mixed);
    expect(view).toMatchObject({ status: 'completed', review: { decidedBy: 'ops-tanaka', reason: 'NX 構成確認済み' } });
    const audit = await knex()('audit_log').select('actor', 'action', 'receipt_no', 'reason', 'before', 'after');
    expect(audit).toEqual([{ actor: 'ops-tanaka', action: 'review_approve', receipt_no: mixed, reason: 'NX 構成確認済み',
      before: { status: 'under_review' }, after: { status: 'completed' } }]);
    const queued = await knex()('notification_outbox').where({ kind: 'review_approved' }).orderBy('recipient_user_id').select('recipient_user_id', 'status');
    expect(queued).toEqual([{ recipient_user_id: 'U-ADMIN1', status: 'pending' }, { recipient_user_id: 'U-DEP1', status: 'pending' }]);
    // The import's rows keep what the import did.
    expect(await knex()('import_row_results').where({ pack_serial: 'NX-0001' }).pluck('status')).toEqual(['pending_review']);

    expect(await codeOf(reviewApplication(ctx, { receiptNo: mixed, decision: 'approve' }))).toBe('APPLICATION_NOT_UNDER_REVIEW');
    expect(await codeOf(reviewApplication(ctx, { receiptNo: mixed, decision: 'reject' }))).toBe('APPLICATION_NOT_UNDER_REVIEW');
    expect(await codeOf(reviewApplication(ctx, { receiptNo: pcOnly, decision: 'approve' }))).toBe('APPLICATION_NOT_UNDER_REVIEW');
    expect(await codeOf(reviewApplication(ctx, { receiptNo: 'R2611259999999', decision: 'approve' }))).toBe('NOT_FOUND');
    expect(await knex()('audit_log').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('rejects: serials released with the reason, label cancelled, and the serial can be imported again', async () => {
    const outcome = await reviewApplication(t().context(), { receiptNo: mixed, decision: 'reject', reason: '対象外の構成' });
    expect(outcome).toMatchObject({ status: 'rejected', releasedSerials: ['HW-0001', 'NX-0001'], cancelledLabels: 1, notifications: 2 });
    const view = await getApplication(knex(), mixed);
    expect(view!.status).toBe('rejected');
    expect(view!.registrations.every((g) => g.released)).toBe(true);
    expect(view!.labelShipment!.status).toBe('cancelled');
    const [audit] = await knex()('audit_log').select('action', 'reason', 'after');
    expect(audit).toEqual({ action: 'review_reject', reason: '対象外の構成',
      after: { status: 'rejected', releasedSerials: ['HW-0001', 'NX-0001'], labelShipment: 'cancelled' } });
    const [mail] = await knex()('notification_outbox').where({ kind: 'review_rejected', recipient_user_id: 'U-ADMIN1' }).select('payload');
    expect(mail.payload).toMatchObject({ receiptNo: mixed, status: 'rejected', reason: '対象外の構成' });
    expect(await codeOf(changeSite(t().context(), { receiptNo: mixed, serial: 'HW-0001', site: { phone: '0312345678' } }))).toBe('REGISTRATION_RELEASED');

    const again = await importForReceipts(t(), [{ supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0001' }]);
    expect(again['300000001']).toMatch(/^R\d{13}$/);
    expect(again['300000001']).not.toBe(mixed);
    expect(await knex()('registrations').where({ pack_serial: 'NX-0001' }).whereNull('released_at').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('changes the site after approval: normalised like an upload, validated with the catalog codes, audited', async () => {
    await reviewApplication(t().context(), { receiptNo: mixed, decision: 'approve' });
    const ctx = t().context({ config: { operator: 'ops-sato' } });
    const changed = await changeSite(ctx, { receiptNo: mixed, serial: 'hw-0001', site: { postalCode: '〒１０５－００１１', address: '東京都港区芝公園4-2-8', building: '①タワー 5F' } });
    expect(changed).toMatchObject({ status: 'changed', serial: 'HW-0001', warnings: [],
      before: { site_postal_code: '100-0001', site_address: '東京都千代田区千代田1-1', site_building: '' },
      after: { site_postal_code: '105-0011', site_address: '東京都港区芝公園4-2-8', site_building: '①タワー 5F' } });
    const hw = (await getApplication(knex(), mixed))!.registrations.find((g) => g.packSerial === 'HW-0001')!;
    expect(hw.site).toMatchObject({ postalCode: '105-0011', address: '東京都港区芝公園4-2-8', building: '①タワー 5F' });
    expect(await knex()('audit_log').where({ action: 'change_site' }).select('actor', 'pack_serial')).toEqual([{ actor: 'ops-sato', pack_serial: 'HW-0001' }]);

    const bad = await changeSite(ctx, { receiptNo: mixed, serial: 'HW-0001', site: { postalCode: '12345', phone: '03-12' } });
    expect(bad.status).toBe('rejected');
    const errors = bad.status === 'rejected' ? bad.errors : [];
    expect(errors.map((e) => [e.code, e.field])).toEqual([['POSTAL_CODE_FORMAT', 'site_postal_code'], ['PHONE_FORMAT', 'site_phone']]);
    expect(renderFinding(errors[0]!, 'en').message).toBe('Postal code "12345" must be 7 digits (e.g. 123-4567).');
    expect(renderFinding(errors[0]!, 'ja').message).toContain('郵便番号「12345」');

    const blank = await changeSite(ctx, { receiptNo: mixed, serial: 'HW-0001', site: { address: '' } });
    expect(blank.status === 'rejected' && blank.errors.map((e) => [e.code, e.field])).toEqual([['REQUIRED', 'site_address']]);
    const noNumber = await changeSite(ctx, { receiptNo: mixed, serial: 'HW-0001', site: { address: '東京都港区芝公園' } });
    expect(noNumber.status).toBe('changed');
    expect(noNumber.warnings.map((w) => w.code)).toEqual(['ADDRESS_NO_NUMBER']);
    const same = await changeSite(ctx, { receiptNo: mixed, serial: 'HW-0001', site: { postalCode: '1050011' } });
    expect(same.status).toBe('unchanged');
    // Rejected and unchanged attempts leave no audit row.
    expect(await knex()('audit_log').where({ action: 'change_site' }).count({ n: '*' })).toEqual([{ n: 2 }]);

    expect(await codeOf(changeSite(ctx, { receiptNo: mixed, serial: 'HW-0099', site: { phone: '0312345678' } }))).toBe('NOT_FOUND');
    expect(await codeOf(changeSite(ctx, { receiptNo: mixed, serial: 'HW-0001', site: { phone: '0312345678' } }, { resellerCode: 'RS002' }))).toBe('NOT_FOUND');
    const asOwner = await changeSite(ctx, { receiptNo: mixed, serial: 'HW-0001', site: { phone: '03 1234 5678' } }, { resellerCode: 'RS001' });
    expect(asOwner).toMatchObject({ status: 'changed', after: { site_phone: '0312345678' } });
    expect(await knex()('audit_log').orderBy('id', 'desc').first('actor')).toEqual({ actor: 'reseller:RS001' });
  });

  it('replaces options with the import rules: merged, quantity 1–99, not allowed on packs without options', async () => {
    await reviewApplication(t().context(), { receiptNo: mixed, decision: 'approve' });
    const ctx = t().context();
    const changed = await changeOptions(ctx, { receiptNo: mixed, serial: 'HW-0001', options: 'ｏｐｔ－ｍｅｍ×３、OPT-NIC;OPT-NIC*2' });
    expect(changed).toMatchObject({ status: 'changed', before: { options: 'OPT-HDD*1;OPT-MEM*2' }, after: { options: 'OPT-MEM*3;OPT-NIC*3' } });
    const hw = (await getApplication(knex(), mixed))!.registrations.find((g) => g.packSerial === 'HW-0001')!;
    expect(hw.options).toEqual([{ model: 'OPT-MEM', quantity: 3 }, { model: 'OPT-NIC', quantity: 3 }]);

    const codes = async (options: string, serial = 'HW-0001') => {
      const r = await changeOptions(ctx, { receiptNo: mixed, serial, options });
      return r.status === 'rejected' ? r.errors.map((e) => e.code) : r.status;
    };
    expect(await codes('OPT-A*100')).toEqual(['OPTIONS_QUANTITY']);
    expect(await codes('OPT-A*60;OPT-A*40')).toEqual(['OPTIONS_QUANTITY']);
    expect(await codes('OPT A B*x')).toEqual(['OPTIONS_FORMAT']);
    expect(await codes('OPT-A\u0000')).toEqual(['TEXT_INVALID']);
    expect(await codes('OPT-MEM*3;OPT-NIC*3')).toBe('unchanged');
    expect(await codes('OPT-A', 'NX-0001')).toEqual(['OPTIONS_NOT_ALLOWED']);
    expect(await codes('')).toBe('changed');
    expect(await knex()('registration_options').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await knex()('audit_log').where({ action: 'change_options' }).pluck('after')).toEqual([{ options: 'OPT-MEM*3;OPT-NIC*3' }, { options: '' }]);
  });

  it('exports pending labels once, in a BOM CSV, and never for a PC-only application', async () => {
    expect(await knex()('label_shipments as l').join('applications as a', 'a.id', 'l.application_id').where('a.receipt_no', pcOnly).count({ n: '*' }))
      .toEqual([{ n: 0 }]);
    await reviewApplication(t().context(), { receiptNo: mixed, decision: 'approve' });
    const more = await importForReceipts(t(), [
      { supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0002' },
      { supportId: '300000002', packModel: 'SP-SW-36', serial: 'SW-0001' },
    ]);

    // Two exports at once: each shipment lands in exactly one file.
    const [a, b] = await Promise.all([exportLabels(t().context(), await outFile('a.csv')), exportLabels(t().context(), await outFile('b.csv'))]);
    expect([...a.receiptNos, ...b.receiptNos].sort()).toEqual([mixed, more['300000002']!].sort());
    const texts = await Promise.all([a, b].map((x) => fs.readFile(x.path, 'utf8')));
    for (const text of texts) {
      expect(text.startsWith('\ufeff受付番号,サポートID,お客さま名,送付先ユーザID,送付先氏名,郵便番号,住所,ビル名,電話番号,ラベル枚数,サポートパック\r\n')).toBe(true);
    }
    const both = texts.join('');
    expect(both).toContain(`${mixed},300000001,髙橋商事株式会社,U-ADMIN1,髙橋 一郎,100-0001,東京都千代田区千代田1-1,①ビル 3F,03-1234-5678,2,SP-HW-12 HW-0001 / SP-NX-12 NX-0001\r\n`);
    expect(both).toContain(`${more['300000002']},300000002,株式会社サンプル,U-ADMIN1,髙橋 一郎,100-0001,東京都千代田区千代田1-1,①ビル 3F,03-1234-5678,1,SP-HW-12 HW-0002\r\n`);
    const states = await knex()('label_shipments').pluck('status');
    expect(states).toEqual(['exported', 'exported']);
    expect(await knex()('label_shipments').whereNull('exported_at').count({ n: '*' })).toEqual([{ n: 0 }]);

    const again = await exportLabels(t().context(), await outFile('again.csv'));
    expect(again.shipments).toBe(0);
    expect((await fs.readFile(again.path, 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(1);
    expect((await getApplication(knex(), mixed))!.labelShipment!.status).toBe('exported');
  });
});
