import type { Command } from 'commander';
import type { ChangeOutcome } from '../../applications/ChangeOutcome.js';
import { changeOptions } from '../../applications/changeOptions.js';
import { changeSite, type SiteChange } from '../../applications/changeSite.js';
import type { Lang } from '../../domain/lang.js';
import { renderFinding } from '../../domain/rowCodes.js';
import { langOption } from '../options.js';
import { ExitRequest, withContext } from '../runCommand.js';

interface CommonOptions {
  serial: string;
  json?: boolean;
  lang?: Lang;
}

/**
 * `packreg change site|options RECEIPT_NO --serial S …`: the portal's 設置場所の変更 and
 * オプション機器変更, validated like an upload. Exit 0 when changed or already so, 1 when the new
 * values are rejected (like an import with rejected rows), 65 under review or released, 66 not found.
 */
export function registerChange(program: Command): void {
  const change = program.command('change').description("change a registration's installation site or option devices (not while under review)");
  change
    .command('site')
    .description('change the installation site of one registration; give only the fields to change ("" clears one)')
    .argument('<receiptNo>', 'receipt number')
    .requiredOption('--serial <serial>', 'pack serial of the registration')
    .option('--site-name <text>', 'site name (設置場所名)')
    .option('--postal-code <code>', 'postal code, 7 digits (郵便番号)')
    .option('--address <text>', 'address down to the street number (住所)')
    .option('--building <text>', 'building (ビル名)')
    .option('--phone <number>', 'phone, 10 or 11 digits (電話番号)')
    .option('--json', 'print the outcome as JSON')
    .addOption(langOption())
    .action(async (receiptNo: string, o: CommonOptions & { siteName?: string; postalCode?: string; address?: string; building?: string; phone?: string }) => {
      const site: SiteChange = {
        ...(o.siteName !== undefined ? { name: o.siteName } : {}),
        ...(o.postalCode !== undefined ? { postalCode: o.postalCode } : {}),
        ...(o.address !== undefined ? { address: o.address } : {}),
        ...(o.building !== undefined ? { building: o.building } : {}),
        ...(o.phone !== undefined ? { phone: o.phone } : {}),
      };
      await withContext(async (ctx) => {
        const outcome = await changeSite(ctx, { receiptNo: receiptNo.trim().toUpperCase(), serial: o.serial, site });
        printOutcome(outcome, o, o.lang ?? ctx.config.lang);
      });
    });
  change
    .command('options')
    .description('replace the option devices of one registration ("" removes them all)')
    .argument('<receiptNo>', 'receipt number')
    .requiredOption('--serial <serial>', 'pack serial of the registration')
    .requiredOption('--options <list>', 'the whole new list, e.g. "N8103-123*2;N8104-45"')
    .option('--json', 'print the outcome as JSON')
    .addOption(langOption())
    .action(async (receiptNo: string, o: CommonOptions & { options: string }) => {
      await withContext(async (ctx) => {
        const outcome = await changeOptions(ctx, { receiptNo: receiptNo.trim().toUpperCase(), serial: o.serial, options: o.options });
        printOutcome(outcome, o, o.lang ?? ctx.config.lang);
      });
    });
}

function printOutcome(outcome: ChangeOutcome, o: CommonOptions, lang: Lang): void {
  const warnings = outcome.warnings.map((f) => renderFinding(f, lang));
  const errors = outcome.status === 'rejected' ? outcome.errors.map((f) => renderFinding(f, lang)) : [];
  if (o.json) {
    const { warnings: _w, ...rest } = outcome;
    process.stdout.write(`${JSON.stringify({ ...rest, ...(outcome.status === 'rejected' ? { errors } : {}), warnings })}\n`);
  } else {
    for (const e of errors) process.stderr.write(`packreg: ${e.code}: ${e.message}\n`);
    for (const w of warnings) process.stderr.write(`packreg: ${w.code}: ${w.message}\n`);
    if (outcome.status !== 'rejected') {
      const lines = Object.keys(outcome.after).map((k) => `  ${k}: ${JSON.stringify(outcome.before[k])} → ${JSON.stringify(outcome.after[k])}`);
      process.stdout.write(`${outcome.receiptNo} ${outcome.serial}: ${outcome.status}\n${lines.map((l) => `${l}\n`).join('')}`);
    }
  }
  if (outcome.status === 'rejected') throw new ExitRequest(1);
}
