import type { Lang } from '../../domain/lang.js';
import { searchContracts, type ContractHit } from '../../lists/searchContracts.js';
import { runList, type ListCliOptions } from './runList.js';

const STATUS = { active: { ja: '有効', en: 'active' }, expired: { ja: '期限切れ', en: 'expired' } } as const;
const ROLE = { admin: { ja: '利用管理者', en: 'admin' }, deputy: { ja: '利用管理者代行', en: 'deputy' } } as const;

/** `packreg contracts search` (registered in commands/contractsCommand.ts). */
export async function contractsSearchAction(query: string, options: ListCliOptions & { status?: 'active' | 'expired' }): Promise<void> {
  await runList(
    options,
    (ctx) => searchContracts(ctx.db.knex, { resellerCode: options.reseller, q: query, status: options.status, limit: options.limit, cursor: options.cursor }),
    formatContract,
    { ja: '該当する契約はありません。', en: 'No contract matches.' },
  );
}

function formatContract(c: ContractHit, lang: Lang): string {
  const recipients = c.labelRecipients.map((r) => `${r.userId} ${r.name} (${ROLE[r.role][lang]})`).join(', ');
  const none = lang === 'ja' ? '(なし)' : '(none)';
  return [
    `${c.supportId}  ${STATUS[c.status][lang]}  ${c.customerName} / ${c.systemName}`,
    `  ${lang === 'ja' ? '機器管理ラベル送付先' : 'label recipients'}: ${recipients || none}`,
  ].join('\n');
}
