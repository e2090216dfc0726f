import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

/** `packreg status RECEIPT_NO`: the portal's 登録状況確認 (registration status). */
export function registerStatus(program: Command, say: Say): void {
  program
    .command('status')
    .description(say({
      ja: 'お申し込みを表示する: サポートID・お客さま・状態・登録内容(サービス期間・設置場所・オプション機器)・機器管理ラベル',
      en: 'show an application: support ID, customer, status, registrations (service period, site, options) and label shipment',
    }))
    .argument('<receiptNo>', say({ ja: '受付番号(例: R2611250000123)', en: 'receipt number, e.g. R2611250000123' }))
    .addOption(jsonOption(say, { ja: 'お申し込みを JSON で出力する', en: 'print the application as JSON' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/statusAction.js').then((m) => m.statusAction)));
}
