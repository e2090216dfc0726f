import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';

export function registerReference(program: Command, say: Say): void {
  const reference = program.command('reference').description(say({ ja: 'メーカーが管理する参照データ(SPEC §2)', en: 'reference data the vendor owns (SPEC §2)' }));
  reference
    .command('load')
    .description(say({
      ja: '販売店・契約・サービス利用者・製品・サポートパック型番・シリアルを DIR から読み込む(冪等な upsert、1 トランザクション)',
      en: 'load resellers, contracts, service users, products, pack models and pack serials from DIR (idempotent upsert, one transaction)',
    }))
    .argument('<dir>', say({ ja: '参照データの CSV 6 ファイルがあるフォルダ', en: 'folder holding the six reference CSV files' }))
    .addOption(jsonOption(say))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/referenceLoadAction.js').then((m) => m.referenceLoadAction)));
}
