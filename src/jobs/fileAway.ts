import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { rawJoin } from './rawJoin.js';
import { readableName } from './readableName.js';
import { sanitiseRawFileName } from './sanitiseFileName.js';
import { isStill, type FileIdentity } from './takeInboxFile.js';

/** Files written together beside the filed one (reports, an error), each named `<filed name><suffix>`. */
export interface Companion {
  readonly suffixes: readonly string[];
  /** Write `files` (raw paths, one per suffix) exclusively; `folder` is where they go, for temporary files. */
  write(files: readonly Buffer[], folder: string): Promise<void>;
}

/** Where a file went (shown readably) and what was written beside it. */
export interface FiledAway {
  readonly file: string;
  readonly companions: string[];
  /** `moved`: the inbox file itself was filed; `left`: it had changed, the copy that was imported was filed instead. */
  readonly original: 'moved' | 'left';
}

/** What to file: the inbox file while it still is the file that was taken, else the taken copy. */
export interface FilingSource {
  readonly original: Buffer;
  readonly identity: FileIdentity;
  /** The spool; null when it holds only part of the file (over the size limit). */
  readonly copy: string | null;
}

const MAX_SUFFIX = 10_000;

/**
 * Move the inbox file into `folder` under its sanitised name (`sanitiseRawFileName`: a safe name
 * keeps its bytes, in whatever encoding), with its companions beside it; nothing in `folder` is
 * ever overwritten: a taken name gets `-1`, `-2`, … before the extension.
 *
 * The move is `link` then `unlink`, not `rename`: `rename` silently replaces an existing target,
 * while `link` fails with EEXIST, so two runs (or two workers on two machines sharing the folder)
 * racing for one name cannot clobber each other. Companions are written exclusively for the same
 * reason. The source is unlinked last: a crash in between leaves the file in both places, never
 * in neither.
 *
 * Only the file whose bytes were imported is moved (SPEC §7): the name is checked against the
 * identity taken with the bytes before the link, the link's target after it (a name swapped in
 * between is undone), and the name again before the unlink. When the inbox file is no longer that
 * file (an upload that resumed, a link swapped in), the spool copy — the very bytes imported — is
 * filed instead and the inbox file is left for the next run. Across file systems (EXDEV) the spool
 * copy is filed too. Returns null only when neither can be filed (the original changed and the
 * spool is partial).
 */
export async function fileAway(from: FilingSource, rawName: Buffer, folder: string, companions: readonly Companion[]): Promise<FiledAway | null> {
  await fs.mkdir(folder, { recursive: true });
  const safe = sanitiseRawFileName(rawName);
  const dot = safe.lastIndexOf(0x2e);
  const [stem, ext] = dot > 0 ? [safe.subarray(0, dot), safe.subarray(dot)] : [safe, Buffer.alloc(0)];
  let linkOriginal = true;
  let unlinkOriginal = true;
  for (let n = 0; n < MAX_SUFFIX;) {
    const name = n === 0 ? safe : Buffer.concat([stem, Buffer.from(`-${n}`), ext]);
    const target = rawJoin(folder, name);
    const taken = await Promise.all(
      [target, ...companions.flatMap((c) => c.suffixes.map((suffix) => suffixed(target, suffix)))].map((p) => fs.lstat(p).then(() => true, () => false)),
    );
    if (taken.some(Boolean)) {
      n += 1;
      continue;
    }
    if (linkOriginal && !(await isStill(from.original, from.identity))) {
      linkOriginal = false;
      unlinkOriginal = false;
    }
    if (!linkOriginal && from.copy === null) return null;
    const placed = linkOriginal ? await linkExclusively(from.original, target) : await copyExclusively(from.copy ?? '', target);
    if (placed === 'exists') {
      n += 1;
      continue;
    }
    if (placed === 'cross-device') {
      linkOriginal = false; // file the copy; the original is still ours to remove
      continue;
    }
    if (linkOriginal && !(await isStill(target, from.identity))) {
      // The name was swapped between the check and the link: what we linked is not what we took.
      await fs.unlink(target);
      linkOriginal = false;
      unlinkOriginal = false;
      continue;
    }
    const written: string[] = [];
    for (const companion of companions) {
      await companion.write(companion.suffixes.map((suffix) => suffixed(target, suffix)), folder);
      written.push(...companion.suffixes.map((suffix) => shown(folder, suffixed(name, suffix))));
    }
    const moved = unlinkOriginal && (await isStill(from.original, from.identity));
    if (moved) await fs.unlink(from.original);
    return { file: shown(folder, name), companions: written, original: moved ? 'moved' : 'left' };
  }
  throw new Error(`no free name for ${readableName(safe).text} in ${folder}`);
}

async function linkExclusively(source: Buffer, target: Buffer): Promise<'placed' | 'exists' | 'cross-device'> {
  try {
    await fs.link(source, target);
    return 'placed';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP') return 'cross-device';
    throw error;
  }
}

/** Copy our private spool file to `target`, never replacing anything there. */
async function copyExclusively(source: string, target: Buffer): Promise<'placed' | 'exists'> {
  try {
    await fs.copyFile(source, target, constants.COPYFILE_EXCL);
    return 'placed';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
}

function suffixed(name: Buffer, suffix: string): Buffer {
  return Buffer.concat([name, Buffer.from(suffix)]);
}

function shown(folder: string, name: Buffer): string {
  return path.join(folder, readableName(name).text);
}
