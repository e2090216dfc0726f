import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { formatLabelCsv, type LabelLine } from './formatLabelCsv.js';

export interface LabelExport {
  readonly path: string;
  /** Shipments listed in the file and now `exported`. */
  readonly shipments: number;
  readonly receiptNos: readonly string[];
}

/**
 * List the pending label shipments (機器管理ラベル) of completed applications in a CSV for the
 * shipping team and mark them exported, in one transaction: rows are claimed with
 * `for update skip locked`, so two exports running at once never list one shipment twice, and
 * the file is written before the commit — if the commit fails the shipments stay pending and
 * the next export lists them again (a duplicate sheet, never a lost label).
 *
 * Applications still under review wait: the label follows the approval. A rejection cancels the
 * pending shipment. PC packs never have one (the commit creates a shipment only for packs whose
 * model requires a label; PC packs ship a sticker instead).
 */
export async function exportLabels(ctx: Context, file: string): Promise<LabelExport> {
  const at = ctx.clock.now();
  return ctx.db.knex.transaction(async (trx) => {
    const claimed = await trx.raw(
      `select l.id, l.application_id, l.recipient_user_id, l.recipient_name, l.postal_code, l.address, l.building, l.phone,
              a.receipt_no, a.support_id, c.customer_name
         from label_shipments l
         join applications a on a.id = l.application_id
         join contracts c on c.support_id = a.support_id
        where l.status = 'pending' and a.status = 'completed'
        order by l.created_at, l.id
        for update of l skip locked`,
    );
    const shipments = claimed.rows as Array<Record<string, string>>;
    const appIds = shipments.map((s) => s.application_id!);
    const packs = appIds.length === 0 ? [] : await trx('registrations as g')
      .join('pack_models as m', 'm.model', 'g.pack_model')
      .whereIn('g.application_id', appIds).whereNull('g.released_at').where('m.requires_label', true)
      .orderBy(['g.application_id', 'g.import_seq'])
      .select('g.application_id', 'g.pack_model', 'g.pack_serial');
    const packsOf = new Map<string, string[]>();
    for (const p of packs) {
      const key = String(p.application_id);
      packsOf.set(key, [...(packsOf.get(key) ?? []), `${p.pack_model} ${p.pack_serial}`]);
    }
    const lines: LabelLine[] = shipments.map((s) => ({
      receiptNo: s.receipt_no!,
      supportId: s.support_id!,
      customerName: s.customer_name!,
      recipientUserId: s.recipient_user_id!,
      recipientName: s.recipient_name!,
      postalCode: s.postal_code!,
      address: s.address!,
      building: s.building!,
      phone: s.phone!,
      packs: packsOf.get(String(s.application_id)) ?? [],
    }));

    // Write beside the target, then rename: a reader never sees half a file.
    const target = path.resolve(file);
    const temp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temp, formatLabelCsv(lines));
    await fs.rename(temp, target);

    if (shipments.length > 0) {
      await trx('label_shipments').whereIn('id', shipments.map((s) => s.id!)).update({ status: 'exported', exported_at: at });
    }
    ctx.log.info({ shipments: shipments.length, file: target }, 'label shipments exported');
    return { path: target, shipments: shipments.length, receiptNos: lines.map((l) => l.receiptNo) };
  });
}
