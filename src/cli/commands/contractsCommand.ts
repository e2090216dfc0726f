import { type Command, Option } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, type Say } from '../options.js';
import { listOptions } from './listOptions.js';

/** `packreg contracts search QUERY --reseller CODE`: the portal's STEP 1, finding the support ID. */
export function registerContracts(program: Command, say: Say): void {
  const contracts = program.command('contracts').description(say({ ja: '販売店の契約(サポートID)', en: "a reseller's contracts (support IDs)" }));
  const search = contracts
    .command('search')
    .description(say({
      ja: 'サポートID・お客さま名・システム名で契約を探す(全角/半角・大文字/小文字・カタカナ/ひらがな・㈱/株式会社を区別しない部分一致)',
      en: 'find contracts by support ID, customer name or system name (substring; width, case, katakana/hiragana and ㈱/株式会社 folded)',
    }))
    .argument('<query>', say({ ja: '探す文字(空文字 "" で全件)', en: 'text to find ("" lists every contract)' }));
  for (const option of listOptions(say)) search.addOption(option);
  search
    .addOption(new Option('--status <status>', say({ ja: 'この状態の契約だけ', en: 'only contracts in this status' })).choices(['active', 'expired']))
    .addOption(jsonOption(say, { ja: '結果を JSON で出力する({ items, nextCursor })', en: 'print the page as JSON ({ items, nextCursor })' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/contractsSearchAction.js').then((m) => m.contractsSearchAction)));
}
