import type { BigIntStats } from 'node:fs';
import fs from 'node:fs/promises';
import type { Context } from '../context.js';
import { rawJoin } from './rawJoin.js';
import { readableName, type NameEncoding } from './readableName.js';

/** Why an entry is not imported (now): stable codes, printed in the run summary. */
export type RefusalReason = 'symlink' | 'directory' | 'fifo' | 'socket' | 'device' | 'not_regular_file' | 'unreadable';
export type SkipReason = 'not_csv_or_xlsx' | 'office_lock_file' | 'not_in_reseller_folder';
export type WaitReason = 'changed_recently' | 'changed_while_read' | 'run_stopped';

/**
 * One entry of the inbox, as the scan found it. `name` is the raw name, exactly as the file
 * system holds it (bytes: it may be CP932 or no encoding at all); it is the only name ever used to
 * reach the file. `file` is that name made readable (`readableName`), for people only.
 */
export interface InboxEntry {
  /** The reseller folder, or null for an entry directly in the inbox (no reseller folder). */
  readonly reseller: string | null;
  readonly name: Buffer;
  readonly file: string;
  readonly nameEncoding: NameEncoding;
  /** `ready`: a quiet regular file to import; the others are reported and left alone. */
  readonly kind: 'ready' | 'waiting' | 'refused' | 'skipped';
  readonly reason: RefusalReason | SkipReason | WaitReason | null;
}

export interface InboxScan {
  /** Every entry below the inbox except inside unknown folders, in a stable order (folder, then name bytes). */
  readonly entries: InboxEntry[];
  /** Folders that are not a known reseller code, shown readably: reported, left alone. */
  readonly unknownFolders: string[];
}

const IMPORTABLE = /\.(csv|xlsx)$/i;

/**
 * What is in the inbox (SPEC §7 "Nightly": every inbox entry appears in the run summary).
 * Directory listings are read as bytes (`encoding: 'buffer'`): a name that is not UTF-8 would
 * otherwise come back with U+FFFD in it, name no file, and vanish from the run.
 *
 * Each entry is judged by `lstat`, which never follows a link: a symbolic link (to /etc/passwd,
 * to another reseller's folder) is refused, and so are folders inside a reseller folder, FIFOs,
 * sockets and devices; nothing is read through them. A reseller folder that is itself a link is
 * refused whole. Upload tools' temporary names (rsync `.name.csv.Xy12`, WinSCP
 * `name.csv.filepart`) fail the extension test and Excel's lock files (`~$name.xlsx`, present while
 * someone has the workbook open on the share) are skipped by name. A regular file changed within
 * the quiet period is `waiting`. Being `ready` here promises nothing: `takeInboxFile` judges the
 * file again on the descriptor it reads.
 */
export async function scanInbox(ctx: Context, inbox: string): Promise<InboxScan> {
  const known = new Set<string>(await ctx.db.knex('resellers').pluck('reseller_code'));
  const now = ctx.clock.now().getTime();
  const entries: InboxEntry[] = [];
  const unknownFolders: string[] = [];
  for (const top of await listRaw(Buffer.from(inbox))) {
    const shown = readableName(top.name);
    const stat = await lstatOrNull(top.path);
    if (!stat) continue; // gone between the listing and the look: nothing there to report
    const entry = { reseller: null, name: top.name, file: shown.text, nameEncoding: shown.encoding };
    if (stat.isDirectory()) {
      if (shown.encoding === 'utf-8' && known.has(shown.text)) {
        const inside = await scanResellerFolder(top.path, shown.text, now, ctx.config.nightly.quietMs);
        entries.push(...(inside ?? [{ ...entry, kind: 'refused', reason: 'unreadable' } as const]));
      } else {
        unknownFolders.push(shown.text);
      }
      continue;
    }
    if (stat.isFile()) entries.push({ ...entry, kind: 'skipped', reason: 'not_in_reseller_folder' });
    else entries.push({ ...entry, kind: 'refused', reason: refusalOf(stat) });
  }
  return { entries, unknownFolders };
}

/** The entries of one reseller's folder; null when packreg may not list it (permissions). */
async function scanResellerFolder(folder: Buffer, reseller: string, now: number, quietMs: number): Promise<InboxEntry[] | null> {
  const entries: InboxEntry[] = [];
  const listed = await listRaw(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EACCES' || error.code === 'EPERM') return null;
    throw error;
  });
  if (!listed) return null;
  for (const { name, path: file } of listed) {
    const stat = await lstatOrNull(file);
    if (!stat) continue; // another run (or the reseller) moved it after the listing
    const shown = readableName(name);
    const entry = { reseller, name, file: shown.text, nameEncoding: shown.encoding };
    if (!stat.isFile()) entries.push({ ...entry, kind: 'refused', reason: refusalOf(stat) });
    else if (shown.text.startsWith('~$')) entries.push({ ...entry, kind: 'skipped', reason: 'office_lock_file' });
    else if (!IMPORTABLE.test(shown.text)) entries.push({ ...entry, kind: 'skipped', reason: 'not_csv_or_xlsx' });
    else if (now - Number(stat.mtimeMs) < quietMs) entries.push({ ...entry, kind: 'waiting', reason: 'changed_recently' });
    else entries.push({ ...entry, kind: 'ready', reason: null });
  }
  return entries;
}

/** What a non-regular entry is, for the run summary. */
export function refusalOf(stat: { isSymbolicLink(): boolean; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): RefusalReason {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isSocket()) return 'socket';
  if (stat.isBlockDevice() || stat.isCharacterDevice()) return 'device';
  return 'not_regular_file';
}

/** The raw names in `folder`, sorted by their bytes, each with its raw path. */
async function listRaw(folder: Buffer): Promise<Array<{ name: Buffer; path: Buffer }>> {
  const names = await fs.readdir(folder, { encoding: 'buffer' });
  return names.sort(Buffer.compare).map((name) => ({ name, path: rawJoin(folder, name) }));
}

async function lstatOrNull(file: Buffer): Promise<BigIntStats | null> {
  try {
    return await fs.lstat(file, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
