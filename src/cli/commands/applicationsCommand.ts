import { type Command, Option } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';
import { dateOption, listOptions } from './listOptions.js';

/** `packreg applications list --reseller CODE …`: the portal's 登録状況確認 (registration status). */
export function registerApplications(program: Command, say: Say): void {
  const applications = program.command('applications').description(say({ ja: '販売店のお申し込み', en: "a reseller's applications" }));
  const list = applications
    .command('list')
    .description(say({
      ja: 'お申し込みの一覧(新しい順): 受付番号・サポートID・状態(受付完了 / 確認中 / 却下)・登録数・受付日時(日本時間)。--serial でシリアルの登録を探す',
      en: 'list applications, newest first: receipt, support ID, status (completed / under review / rejected), counts, time (Asia/Tokyo); --serial finds a serial\'s registrations',
    }));
  for (const option of listOptions(say)) list.addOption(option);
  list
    .addOption(new Option('--status <status>', say({ ja: 'この状態のお申し込みだけ', en: 'only applications in this status' })).choices(['completed', 'under_review', 'rejected']))
    .option('--support-id <id>', say({ ja: 'このサポートIDのお申し込みだけ', en: "only this support ID's applications" }))
    .addOption(dateOption('--since', say))
    .addOption(dateOption('--until', say))
    .option('--serial <serial>', say({ ja: 'この製品シリアルNo.の登録を表示する(取り消された登録も)', en: "show this pack serial's registrations (released ones too)" }))
    .addOption(jsonOption(say, { ja: '結果を JSON で出力する({ items, nextCursor })', en: 'print the page as JSON ({ items, nextCursor })' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/applicationsListAction.js').then((m) => m.applicationsListAction)));
}
