import type { Context } from '../../context.js';
import { PackregError } from '../../domain/PackregError.js';

/** A command's `--reseller CODE` must name a known reseller: RESELLER_UNKNOWN (exit 64) otherwise (SPEC §7). */
export async function requireReseller(ctx: Context, resellerCode: string): Promise<void> {
  const known = await ctx.db.knex('resellers').where({ reseller_code: resellerCode }).first('reseller_code');
  if (!known) throw new PackregError('RESELLER_UNKNOWN', { reseller: resellerCode });
}
