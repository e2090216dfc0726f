import fs from 'node:fs/promises';
import path from 'node:path';
import { sanitiseFileName } from './sanitiseFileName.js';

/** A file written beside the filed one (a report, an error), named `<filed name><suffix>`. */
export interface Companion {
  readonly suffix: string;
  write(file: string): Promise<void>;
}

/** Where a file went and what was written beside it. */
export interface FiledAway {
  readonly file: string;
  readonly companions: string[];
}

const MAX_SUFFIX = 10_000;

/**
 * Move `source` into `folder` under its sanitised name, with its companions beside it; nothing
 * in `folder` is ever overwritten: a taken name gets `-1`, `-2`, … before the extension.
 *
 * The move is `link` then `unlink`, not `rename`: `rename` silently replaces an existing target,
 * while `link` fails with EEXIST, so two runs (or two workers on two machines sharing the
 * folder) racing for one name cannot clobber each other. Companions are written with `wx` for
 * the same reason. Across file systems (EXDEV) it falls back to an exclusive copy. The source is
 * unlinked last: a crash in between leaves the file in both places, never in neither.
 */
export async function fileAway(source: string, rawName: string, folder: string, companions: readonly Companion[]): Promise<FiledAway> {
  await fs.mkdir(folder, { recursive: true });
  const safe = sanitiseFileName(rawName);
  const ext = path.extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  for (let n = 0; n < MAX_SUFFIX; n += 1) {
    const name = n === 0 ? safe : `${stem}-${n}${ext}`;
    const target = path.join(folder, name);
    const taken = await Promise.all(
      [target, ...companions.map((c) => target + c.suffix)].map((p) => fs.lstat(p).then(() => true, () => false)),
    );
    if (taken.some(Boolean)) continue;
    if (!(await linkExclusively(source, target))) continue;
    const written: string[] = [];
    for (const companion of companions) {
      await companion.write(target + companion.suffix);
      written.push(target + companion.suffix);
    }
    await fs.unlink(source);
    return { file: target, companions: written };
  }
  throw new Error(`no free name for ${safe} in ${folder}`);
}

async function linkExclusively(source: string, target: string): Promise<boolean> {
  try {
    await fs.link(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
  }
  try {
    await fs.copyFile(source, target, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
