import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';

/** A file in `inbox/<reseller>/`: the raw name as `readdir` gave it, never yet used in a new path. */
export interface InboxFile {
  readonly reseller: string;
  readonly name: string;
  readonly path: string;
  readonly mtime: Date;
  readonly size: number;
}

export interface InboxScan {
  /** Files quiet for the configured period, in a stable order (reseller, then name). */
  readonly ready: InboxFile[];
  /** Files changed within the quiet period: probably still being written; the next run takes them. */
  readonly waiting: InboxFile[];
  /** Folders that are not a known reseller code: reported, left alone. */
  readonly unknownFolders: string[];
}

const IMPORTABLE = /\.(csv|xlsx)$/i;

/**
 * What is waiting in the inbox. Only regular files count: `withFileTypes` reports what `lstat`
 * sees, so a symbolic link (which could point at /etc/passwd or another reseller's folder) is
 * neither a file nor a folder here. Upload tools' temporary names (rsync `.name.csv.Xy12`, WinSCP
 * `name.csv.filepart`) fail the extension test; Excel's lock files (`~$name.xlsx`, present while
 * someone has the workbook open on the share) are skipped by name. A name starting with dots is
 * still a file to import (its name is sanitised when it is filed).
 */
export async function scanInbox(ctx: Context, inbox: string): Promise<InboxScan> {
  const known = new Set<string>(await ctx.db.knex('resellers').pluck('reseller_code'));
  const now = ctx.clock.now().getTime();
  const ready: InboxFile[] = [];
  const waiting: InboxFile[] = [];
  const unknownFolders: string[] = [];
  const folders = (await fs.readdir(inbox, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  for (const reseller of folders) {
    if (!known.has(reseller)) {
      unknownFolders.push(reseller);
      continue;
    }
    const entries = (await fs.readdir(path.join(inbox, reseller), { withFileTypes: true }))
      .filter((d) => d.isFile() && !d.name.startsWith('~$') && IMPORTABLE.test(d.name))
      .map((d) => d.name)
      .sort();
    for (const name of entries) {
      const file = path.join(inbox, reseller, name);
      // Gone between readdir and stat: another run (or the reseller) moved it; not ours to report.
      const stat = await fs.lstat(file).catch(() => null);
      if (!stat?.isFile()) continue;
      const entry = { reseller, name, path: file, mtime: stat.mtime, size: stat.size };
      (now - stat.mtimeMs < ctx.config.nightly.quietMs ? waiting : ready).push(entry);
    }
  }
  return { ready, waiting, unknownFolders };
}
