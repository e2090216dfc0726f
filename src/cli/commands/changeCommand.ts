import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/**
 * `packreg change site|options RECEIPT_NO --serial S …`: the portal's 設置場所の変更 and
 * オプション機器変更, validated like an upload (actions/changeActions.ts).
 */
export function registerChange(program: Command, say: Say): void {
  const change = program.command('change').description(say({
    ja: '登録の設置場所またはオプション機器を変更する(確認中は変更できません)',
    en: "change a registration's installation site or option devices (not while under review)",
  }));
  const serial = say({ ja: '登録のサポートパックのシリアル', en: 'pack serial of the registration' });
  const receipt = say({ ja: '受付番号', en: 'receipt number' });
  change
    .command('site')
    .description(say({
      ja: '1 件の登録の設置場所を変更する。変更する項目だけを指定("" で空にする)',
      en: 'change the installation site of one registration; give only the fields to change ("" clears one)',
    }))
    .argument('<receiptNo>', receipt)
    .requiredOption('--serial <serial>', serial)
    .option('--site-name <text>', say({ ja: '設置場所名', en: 'site name' }))
    .option('--postal-code <code>', say({ ja: '郵便番号(7 桁)', en: 'postal code, 7 digits' }))
    .option('--address <text>', say({ ja: '住所(番地まで)', en: 'address down to the street number' }))
    .option('--building <text>', say({ ja: 'ビル名', en: 'building' }))
    .option('--phone <number>', say({ ja: '電話番号(10 桁または 11 桁)', en: 'phone, 10 or 11 digits' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/changeActions.js').then((m) => m.changeSiteAction)));
  change
    .command('options')
    .description(say({ ja: '1 件の登録のオプション機器を置き換える("" ですべて削除)', en: 'replace the option devices of one registration ("" removes them all)' }))
    .argument('<receiptNo>', receipt)
    .requiredOption('--serial <serial>', serial)
    .requiredOption('--options <list>', say({ ja: '新しい一覧全体(例: "N8103-123*2;N8104-45")', en: 'the whole new list, e.g. "N8103-123*2;N8104-45"' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/changeActions.js').then((m) => m.changeOptionsAction)));
}
