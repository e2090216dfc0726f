import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

export function registerMigrate(program: Command, say: Say): void {
  program
    .command('migrate')
    .description(say({
      ja: 'データベースのスキーマを最新にする(組み込みデータベースは初回使用時に自動で行う)',
      en: 'bring the database schema up to date (the embedded database also migrates itself on first use)',
    }))
    .addOption(jsonOption(say, { ja: '適用したマイグレーションを JSON で出力する', en: 'print the migrations applied as JSON' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/migrateAction.js').then((m) => m.migrateAction)));
}
