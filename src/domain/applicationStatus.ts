import type { Lang } from './lang.js';

/** An application's status (SPEC §5), and after an operator's review `rejected`. */
export type ApplicationStatus = 'completed' | 'under_review' | 'rejected';

/** What a reseller reads for each application status, in reports, `status` and the page. */
export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, Readonly<Record<Lang, string>>>> = {
  completed: { ja: '受付完了', en: 'completed' },
  under_review: { ja: '確認中', en: 'under review' },
  rejected: { ja: '却下', en: 'rejected' },
};

/** The label of `status` in `lang`; an unknown value as it is. */
export function applicationStatusLabel(status: string, lang: Lang): string {
  return APPLICATION_STATUS_LABELS[status as ApplicationStatus]?.[lang] ?? status;
}
