import { tokyoTime } from '../../clock.js';
import type { Lang } from '../../domain/lang.js';
import { listImports, type ImportListItem } from '../../lists/listImports.js';
import { runList, type ListCliOptions } from './runList.js';

const STATUS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  queued: { ja: '待機中', en: 'queued' },
  running: { ja: '実行中', en: 'running' },
  finished: { ja: '完了', en: 'finished' },
  failed: { ja: '失敗', en: 'failed' },
  cancelled: { ja: '取消', en: 'cancelled' },
};
const SOURCE = { cli: 'CLI', http: 'HTTP', nightly: { ja: '夜間', en: 'nightly' } } as const;

/** `packreg imports list` (registered in commands/importsCommand.ts). */
export async function importsListAction(options: ListCliOptions & { status?: string }): Promise<void> {
  await runList(
    options,
    (ctx, lang) => listImports(ctx.db.knex, { resellerCode: options.reseller, status: options.status, since: options.since, limit: options.limit, cursor: options.cursor, lang }),
    formatImport,
    { ja: '取込はありません。', en: 'No import.' },
  );
}

function formatImport(i: ImportListItem, lang: Lang): string {
  const source = typeof SOURCE[i.source] === 'string' ? SOURCE[i.source] as string : (SOURCE[i.source] as Record<Lang, string>)[lang];
  const dry = i.dryRun ? (lang === 'ja' ? ' (検証のみ)' : ' (dry run)') : '';
  const lines = [`${tokyoTime(i.createdAt)}  ${STATUS[i.status]?.[lang] ?? i.status}${dry}  ${source}  ${i.fileName}`];
  const s = i.summary;
  if (s) {
    lines.push(lang === 'ja'
      ? `  ${s.rows} 行: 登録 ${s.registered}・確認中 ${s.pending_review}・登録済み ${s.already_registered}・エラー ${s.rejected}・保留 ${s.held}・検証OK ${s.valid}、お申し込み ${s.applications}`
      : `  ${s.rows} rows: ${s.registered} registered, ${s.pending_review} pending review, ${s.already_registered} already registered, ${s.rejected} rejected, ${s.held} held, ${s.valid} valid; ${s.applications} applications`);
  }
  if (i.error) lines.push(`  ${i.error.code}: ${i.error.message}`);
  const report = i.links.reportJson ? `  packreg report ${i.id} --report PATH` : '';
  lines.push(`  ${lang === 'ja' ? '取込ID' : 'import ID'} ${i.id}${report}`);
  return lines.join('\n');
}
