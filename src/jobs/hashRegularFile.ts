import { createHash } from 'node:crypto';
import fs from 'node:fs';

/**
 * sha256 of a regular file, opened without following a symbolic link (and without waiting on a
 * FIFO); null when it is gone or is no regular file. Only names a queued job: what is imported is
 * what the job itself takes (`takeInboxFile`).
 */
export async function hashRegularFile(file: string | Buffer): Promise<string | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: it became a symbolic link after the scan. Not ours to read.
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENXIO') return null;
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) return null;
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
