import { tokyoTime } from '../clock.js';
import type { Lang } from '../domain/lang.js';
import { applicationStatusLabel } from '../domain/applicationStatus.js';
import { END_CLAMPED_ALERT_JA } from '../domain/rowCodes.js';
import type { ApplicationView } from './getApplication.js';

const LABELS = {
  ja: {
    receipt: '受付番号', supportId: 'サポートID', customer: 'お客さま', system: 'システム名', status: '状態', created: '受付日時',
    review: '確認結果', reason: '理由', registrations: '登録内容', product: '対象製品', period: 'サービス期間', requested: '指定',
    site: '設置場所', options: 'オプション機器', none: 'なし', label: '機器管理ラベル', noLabel: '送付なし', released: '取消済み',
    labelStatuses: { pending: '発送準備中', exported: '発送手配済み', cancelled: '取消' } as Record<string, string>,
    clamped: END_CLAMPED_ALERT_JA,
  },
  en: {
    receipt: 'Receipt', supportId: 'Support ID', customer: 'Customer', system: 'System', status: 'Status', created: 'Received',
    review: 'Review', reason: 'reason', registrations: 'Registrations', product: 'product', period: 'service', requested: 'requested',
    site: 'site', options: 'options', none: 'none', label: 'Equipment label', noLabel: 'none (no pack needs one)', released: 'released',
    labelStatuses: { pending: 'pending', exported: 'exported to shipping', cancelled: 'cancelled' } as Record<string, string>,
    clamped: "cut back to the product's end of support",
  },
} as const;

/**
 * `packreg status` for people: the application, one block per registration (service period with
 * the clamping note, site, options) and the label shipment, in Japanese or English. Machines
 * use `--json` (the `ApplicationView` as is).
 */
export function formatApplication(view: ApplicationView, lang: Lang): string {
  const t = LABELS[lang];
  const out: string[] = [
    `${t.receipt}: ${view.receiptNo}`,
    `${t.supportId}: ${view.supportId}  ${t.customer}: ${view.customerName}  ${t.system}: ${view.systemName}`,
    `${t.status}: ${applicationStatusLabel(view.status, lang)}  ${t.created}: ${tokyoTime(view.createdAt)}`,
  ];
  if (view.review) {
    out.push(`${t.review}: ${tokyoTime(view.review.decidedAt)} ${view.review.decidedBy}${view.review.reason ? `  ${t.reason}: ${view.review.reason}` : ''}`);
  }
  out.push('', `${t.registrations}:`);
  view.registrations.forEach((g, i) => {
    out.push(`  ${i + 1}. ${g.packModel}  ${g.packSerial}${g.released ? `  [${t.released}]` : ''}`);
    out.push(`     ${t.product}: ${g.productModel}${g.productSerial ? ` (${g.productSerial})` : ''}`);
    const requested = g.endClamped && g.requestedServiceEnd ? ` (${t.requested}: ${g.requestedServiceEnd})` : '';
    out.push(`     ${t.period}: ${g.serviceStart} 〜 ${g.serviceEnd}${requested}${g.endClamped ? `  ※ ${t.clamped}` : ''}`);
    const site = [g.site.name, g.site.postalCode && `〒${g.site.postalCode}`, g.site.address, g.site.building, g.site.phone].filter(Boolean).join(' ');
    out.push(`     ${t.site}: ${site || t.none}`);
    const options = g.options.map((o) => `${o.model}×${o.quantity}`).join(', ');
    out.push(`     ${t.options}: ${options || t.none}`);
  });
  out.push('');
  const l = view.labelShipment;
  out.push(`${t.label}: ${l ? `${t.labelStatuses[l.status] ?? l.status} → ${l.recipientUserId}${l.exportedAt ? ` (${l.exportedAt})` : ''}` : t.noLabel}`);
  return `${out.join('\n')}\n`;
}
