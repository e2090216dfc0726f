import type { Command } from 'commander';
import { apiTokens } from '../../auth/apiTokens.js';
import { PackregError } from '../../domain/PackregError.js';
import { ExitRequest, withContext } from '../runCommand.js';

/**
 * `packreg token create --reseller CODE [--label TEXT] [--json]` prints a new API token once —
 * alone on stdout, or `{ "token", "id" }` with --json — and stores only its hash;
 * `packreg token revoke ID|TOKEN`; `packreg token list [--reseller CODE] [--json]` (never tokens).
 */
export function registerToken(program: Command): void {
  const token = program.command('token').description('API tokens for `packreg serve` (one or more per reseller)');
  token
    .command('create')
    .description('create a token for a reseller and print it (it is shown only this once)')
    .requiredOption('--reseller <code>', 'reseller code the token speaks for')
    .option('--label <text>', 'a note for operators (who or what uses it)', '')
    .option('--json', 'print { "token": …, "id": … }')
    .action(async (options: { reseller: string; label: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const known = await ctx.db.knex('resellers').where({ reseller_code: options.reseller }).first('reseller_code');
        if (!known) throw new PackregError('RESELLER_UNKNOWN', { reseller: options.reseller });
        const created = await apiTokens.create(ctx.db.knex, options.reseller, options.label);
        process.stdout.write(options.json ? `${JSON.stringify({ token: created.token, id: created.id })}\n` : `${created.token}\n`);
      });
    });
  token
    .command('revoke')
    .description('revoke a token, given by its id (from `token list`) or the token itself')
    .argument('<idOrToken>')
    .action(async (idOrToken: string) => {
      const revoked = await withContext((ctx) => apiTokens.revoke(ctx.db.knex, idOrToken));
      if (!revoked) {
        process.stderr.write('packreg token revoke: no such live token\n');
        throw new ExitRequest(66);
      }
      process.stderr.write('packreg token revoke: revoked\n');
    });
  token
    .command('list')
    .description('list tokens (ids, resellers, labels, dates; never the tokens)')
    .option('--reseller <code>', 'only this reseller\'s')
    .option('--json', 'print JSON')
    .action(async (options: { reseller?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const q = ctx.db.knex('api_tokens').orderBy(['reseller_code', 'created_at'])
          .select('id', 'reseller_code', 'label', 'created_at', 'last_used_at', 'revoked_at');
        if (options.reseller) q.where({ reseller_code: options.reseller });
        const rows = (await q).map((r: Record<string, unknown>) => ({
          id: r.id, reseller: r.reseller_code, label: r.label,
          createdAt: iso(r.created_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at),
        }));
        if (options.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else for (const r of rows) process.stdout.write(`${r.id}  ${r.reseller}  ${r.revokedAt ? `revoked ${r.revokedAt}` : 'live'}  last used ${r.lastUsedAt ?? 'never'}  ${r.label}\n`);
      });
    });
}

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);
