import { tokyoTime } from '../../clock.js';
import { applicationStatusLabel, type ApplicationStatus } from '../../domain/applicationStatus.js';
import type { Lang } from '../../domain/lang.js';
import { findRegistrations, type RegistrationItem } from '../../lists/findRegistrations.js';
import { listApplications, type ApplicationListItem } from '../../lists/listApplications.js';
import { runList, type ListCliOptions } from './runList.js';

interface ApplicationsListOptions extends ListCliOptions {
  status?: ApplicationStatus;
  supportId?: string;
  serial?: string;
}

/** `packreg applications list` (registered in commands/applicationsCommand.ts); `--serial` finds registrations. */
export async function applicationsListAction(options: ApplicationsListOptions): Promise<void> {
  const paging = { resellerCode: options.reseller, limit: options.limit, cursor: options.cursor };
  if (options.serial !== undefined) {
    await runList(options, (ctx) => findRegistrations(ctx.db.knex, { ...paging, serial: options.serial! }), formatRegistration,
      { ja: 'このシリアルの登録はありません。', en: 'This serial has no registration.' });
    return;
  }
  await runList(
    options,
    (ctx) => listApplications(ctx.db.knex, { ...paging, status: options.status, supportId: options.supportId, since: options.since, until: options.until }),
    formatApplication,
    { ja: 'お申し込みはありません。', en: 'No application.' },
  );
}

function formatApplication(a: ApplicationListItem, lang: Lang): string {
  const counts = lang === 'ja'
    ? `登録 ${a.counts.registrations} 件${a.counts.released > 0 ? `(取消 ${a.counts.released} 件)` : ''}`
    : `${a.counts.registrations} registered${a.counts.released > 0 ? ` (${a.counts.released} released)` : ''}`;
  const reviewed = a.reviewedAt ? `  ${lang === 'ja' ? '確認' : 'reviewed'} ${tokyoTime(a.reviewedAt)}` : '';
  return `${a.receiptNo}  ${applicationStatusLabel(a.status, lang)}  ${a.supportId} ${a.customerName}  ${counts}  ${lang === 'ja' ? '受付' : 'received'} ${tokyoTime(a.receivedAt)}${reviewed}`;
}

function formatRegistration(r: RegistrationItem, lang: Lang): string {
  const released = r.releasedAt ? `  ${lang === 'ja' ? '取消' : 'released'} ${tokyoTime(r.releasedAt)}` : '';
  return `${r.serial} ${r.packModel}  ${r.receiptNo}  ${applicationStatusLabel(r.status, lang)}  ${r.supportId}  ${r.productModel}  ${r.serviceStart}〜${r.serviceEnd}${released}`;
}
