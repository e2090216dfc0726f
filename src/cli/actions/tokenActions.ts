import { apiTokens } from '../../auth/apiTokens.js';
import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { withContext } from '../withContext.js';

/** `packreg token create`: the token alone on stdout (or `{ token, id }`); only its hash is stored. */
export async function tokenCreateAction(options: { reseller: string; label: string; json?: boolean }): Promise<void> {
  await withContext(async (ctx) => {
    const known = await ctx.db.knex('resellers').where({ reseller_code: options.reseller }).first('reseller_code');
    if (!known) throw new PackregError('RESELLER_UNKNOWN', { reseller: options.reseller });
    const created = await apiTokens.create(ctx.db.knex, options.reseller, options.label);
    process.stdout.write(options.json ? `${JSON.stringify({ token: created.token, id: created.id })}\n` : `${created.token}\n`);
  });
}

/** `packreg token revoke ID|TOKEN`: exit 66 when there is no such live token. */
export async function tokenRevokeAction(idOrToken: string, options: { json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const revoked = await apiTokens.revoke(ctx.db.knex, idOrToken);
    if (!revoked) throw new PackregError('NOT_FOUND', { kind: 'token' });
    if (options.json) process.stdout.write(`${JSON.stringify({ revoked: true })}\n`);
    else process.stderr.write((options.lang ?? ctx.config.lang) === 'ja' ? 'packreg token revoke: 無効にしました\n' : 'packreg token revoke: revoked\n');
  });
}

/** `packreg token list`: ids, resellers, labels and dates, never the tokens. */
export async function tokenListAction(options: { reseller?: string; json?: boolean; lang?: Lang }): Promise<void> {
  await withContext(async (ctx) => {
    const q = ctx.db.knex('api_tokens').orderBy(['reseller_code', 'created_at'])
      .select('id', 'reseller_code', 'label', 'created_at', 'last_used_at', 'revoked_at');
    if (options.reseller) q.where({ reseller_code: options.reseller });
    const rows = (await q).map((r: Record<string, unknown>) => ({
      id: r.id, reseller: r.reseller_code, label: r.label,
      createdAt: iso(r.created_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at),
    }));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return;
    }
    const ja = (options.lang ?? ctx.config.lang) === 'ja';
    for (const r of rows) {
      const state = r.revokedAt ? `${ja ? '無効' : 'revoked'} ${r.revokedAt}` : ja ? '有効' : 'live';
      const used = r.lastUsedAt ?? (ja ? 'なし' : 'never');
      process.stdout.write(`${r.id}  ${r.reseller}  ${state}  ${ja ? '最終使用' : 'last used'} ${used}  ${r.label}\n`);
    }
  });
}

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);
