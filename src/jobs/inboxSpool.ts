import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../log.js';

/** A private copy of one inbox file: the bytes that were hashed, and the only bytes imported. */
export interface Spool {
  readonly file: string;
  /** Remove the copy and its folder; safe to call from a `finally`, more than once. */
  remove(): Promise<void>;
}

const PREFIX = 'packreg-spool-';

/**
 * Spool folders for inbox files, under the system's temporary folder (`TMPDIR`): one folder per
 * file, made by `mkdtemp` (mode 0700, a name nobody can guess or pre-create), holding one file
 * created exclusively with mode 0600 (`takeInboxFile`). The folder name carries the process id, so
 * `sweep` can remove what a killed process (SIGKILL, OOM) left behind without touching the
 * spool of a run still going.
 */
export const inboxSpool = {
  async make(extension: string): Promise<Spool> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
    return {
      file: path.join(dir, `upload${/^\.[a-z0-9]{1,10}$/i.test(extension) ? extension.toLowerCase() : ''}`),
      remove: () => fs.rm(dir, { recursive: true, force: true }),
    };
  },

  /** Remove spool folders of this user whose process is gone; never fails the run. */
  async sweep(log: Logger): Promise<void> {
    const root = os.tmpdir();
    const names = await fs.readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1] ?? NaN);
      if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
      const dir = path.join(root, name);
      try {
        const stat = await fs.lstat(dir);
        if (!stat.isDirectory() || stat.uid !== process.getuid?.()) continue;
        await fs.rm(dir, { recursive: true, force: true });
      } catch (error) {
        log.warn({ err: error, dir }, 'nightly: could not remove a spool folder left by a dead process');
      }
    }
  },
};

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
