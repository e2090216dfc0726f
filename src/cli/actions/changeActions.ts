import type { ChangeOutcome } from '../../applications/ChangeOutcome.js';
import { changeOptions } from '../../applications/changeOptions.js';
import { changeSite, type SiteChange } from '../../applications/changeSite.js';
import type { Lang } from '../../domain/lang.js';
import { PackregError } from '../../domain/PackregError.js';
import { renderFinding } from '../../domain/rowCodes.js';
import { ExitRequest } from '../ExitRequest.js';
import { withContext } from '../withContext.js';

interface CommonOptions {
  serial: string;
  json?: boolean;
  lang?: Lang;
}

interface SiteOptions extends CommonOptions {
  siteName?: string;
  postalCode?: string;
  address?: string;
  building?: string;
  phone?: string;
}

/**
 * `packreg change site`: exit 0 when changed or already so, 1 when the new values are rejected
 * (like an import with rejected rows), 64 when no field is given, 65 under review or released,
 * 66 not found.
 */
export async function changeSiteAction(receiptNo: string, o: SiteOptions): Promise<void> {
  const site: SiteChange = {
    ...(o.siteName !== undefined ? { name: o.siteName } : {}),
    ...(o.postalCode !== undefined ? { postalCode: o.postalCode } : {}),
    ...(o.address !== undefined ? { address: o.address } : {}),
    ...(o.building !== undefined ? { building: o.building } : {}),
    ...(o.phone !== undefined ? { phone: o.phone } : {}),
  };
  // Nothing to change is a mistake on the command line, not a success (issue 17).
  if (Object.keys(site).length === 0) {
    throw new PackregError('USAGE', {
      detail: {
        ja: '変更する項目を 1 つ以上指定してください(--site-name、--postal-code、--address、--building、--phone)',
        en: 'give at least one field to change (--site-name, --postal-code, --address, --building, --phone)',
      },
    });
  }
  await withContext(async (ctx) => {
    const outcome = await changeSite(ctx, { receiptNo: receiptNo.trim().toUpperCase(), serial: o.serial, site });
    printOutcome(outcome, o, o.lang ?? ctx.config.lang);
  });
}

/** `packreg change options`: the whole new list; exit codes as for `change site`. */
export async function changeOptionsAction(receiptNo: string, o: CommonOptions & { options: string }): Promise<void> {
  await withContext(async (ctx) => {
    const outcome = await changeOptions(ctx, { receiptNo: receiptNo.trim().toUpperCase(), serial: o.serial, options: o.options });
    printOutcome(outcome, o, o.lang ?? ctx.config.lang);
  });
}

const WORDS = {
  ja: { warning: '警告', statuses: { changed: '変更しました', unchanged: '変更はありません', rejected: '変更できません' } as Record<string, string> },
  en: { warning: 'warning', statuses: {} as Record<string, string> },
} as const;

function printOutcome(outcome: ChangeOutcome, o: CommonOptions, lang: Lang): void {
  const warnings = outcome.warnings.map((f) => renderFinding(f, lang));
  const errors = outcome.status === 'rejected' ? outcome.errors.map((f) => renderFinding(f, lang)) : [];
  if (o.json) {
    const { warnings: _w, ...rest } = outcome;
    process.stdout.write(`${JSON.stringify({ ...rest, ...(outcome.status === 'rejected' ? { errors } : {}), warnings })}\n`);
  } else {
    const w = WORDS[lang];
    for (const e of errors) process.stderr.write(`packreg: ${e.code}: ${e.message}\n`);
    // A warning is not an error: it says so, and the change went in (issue 17).
    for (const x of warnings) process.stdout.write(`${w.warning} ${x.code}: ${x.message}\n`);
    if (outcome.status !== 'rejected') {
      const lines = Object.keys(outcome.after).map((k) => `  ${k}: ${JSON.stringify(outcome.before[k])} → ${JSON.stringify(outcome.after[k])}`);
      process.stdout.write(`${outcome.receiptNo} ${outcome.serial}: ${w.statuses[outcome.status] ?? outcome.status}\n${lines.map((l) => `${l}\n`).join('')}`);
    }
  }
  if (outcome.status === 'rejected') throw new ExitRequest(1);
}
