import { createHash } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import fs from 'node:fs/promises';
import { refusalOf, type RefusalReason } from './scanInbox.js';

/** Which file, at which state: what must still hold for the inbox file to be the one that was taken. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

export type Take =
  /** The file's bytes are in the spool; `complete` is false for a file over the size limit (spooled up to the limit). */
  | { readonly kind: 'taken'; readonly sha256: string; readonly identity: FileIdentity; readonly complete: boolean }
  | { readonly kind: 'gone' }
  | { readonly kind: 'refused'; readonly reason: RefusalReason }
  | { readonly kind: 'waiting'; readonly reason: 'changed_recently' | 'changed_while_read' };

export interface TakeOptions {
  readonly now: number;
  readonly quietMs: number;
  /** The import's size limit: the spool holds at most one byte more, enough for the import to refuse the file. */
  readonly maxBytes: number;
}

/**
 * O_NOFOLLOW: a symbolic link is not opened (ELOOP), whatever the scan saw a moment ago.
 * O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (it is then refused); no effect on a regular file.
 * O_NOCTTY: a terminal swapped in does not become ours.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;
const CHUNK = 1024 * 1024;

/**
 * Take an inbox file's bytes once (SPEC §7 "the bytes hashed are the bytes imported"): open it
 * once, without following a link; refuse it unless the descriptor is a regular file; copy it into
 * `spoolFile` while hashing; then check that nothing moved: the descriptor's size and mtime are
 * what they were before reading, the bytes read are its size, and the name still leads to this very
 * file (`lstat`: same device and inode, not a link swapped in). A file that changed while it was
 * read waits for the next run. The import then reads the spool, never the inbox name again: a
 * name swapped for a link after this point reaches nothing.
 *
 * Hazard: mtime has nanosecond resolution on the file systems we run on, but a writer that puts
 * mtime back (`touch -d`, `rsync --inplace -t`) and keeps the size is not seen; rsync's default
 * (temporary file renamed over the name) is, by the inode.
 */
export async function takeInboxFile(source: Buffer, spoolFile: string, options: TakeOptions): Promise<Take> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(source, OPEN_FLAGS);
  } catch (error) {
    switch ((error as NodeJS.ErrnoException).code) {
      case 'ENOENT': return { kind: 'gone' };
      case 'ELOOP': case 'EMLINK': return { kind: 'refused', reason: 'symlink' }; // EMLINK: the BSDs' answer to O_NOFOLLOW
      case 'ENXIO': return { kind: 'refused', reason: 'socket' };
      case 'EACCES': case 'EPERM': return { kind: 'refused', reason: 'unreadable' };
      default: throw error;
    }
  }
  try {
    const before = await handle.stat({ bigint: true });
    if (!before.isFile()) return { kind: 'refused', reason: refusalOf(before) };
    if (options.now - Number(before.mtimeMs) < options.quietMs) return { kind: 'waiting', reason: 'changed_recently' };
    const copied = await copyAndHash(handle, spoolFile, before.size, options.maxBytes);
    const after = identityOf(await handle.stat({ bigint: true }));
    const named = await fs.lstat(source, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!named) return { kind: 'gone' };
    const unchanged = sameIdentity(identityOf(before), after) && copied.bytes === after.size
      && named.isFile() && sameIdentity(identityOf(named), after);
    if (!unchanged) return { kind: 'waiting', reason: 'changed_while_read' };
    return { kind: 'taken', sha256: copied.sha256, identity: after, complete: copied.complete };
  } finally {
    await handle.close();
  }
}

/**
 * Stream the file into the spool (created exclusively, mode 0600) and hash it. Reads stop one
 * byte past the size seen before reading: a file still growing is not followed for ever (and that
 * byte already tells it changed).
 */
async function copyAndHash(handle: fs.FileHandle, spoolFile: string, size: bigint, maxBytes: number): Promise<{ sha256: string; bytes: bigint; complete: boolean }> {
  const hash = createHash('sha256');
  const spool = await fs.open(spoolFile, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  const buffer = Buffer.allocUnsafe(CHUNK);
  let bytes = 0n;
  let spooled = 0;
  try {
    while (bytes <= size) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      bytes += BigInt(bytesRead);
      const room = maxBytes + 1 - spooled;
      if (room > 0) {
        const part = chunk.subarray(0, Math.min(room, bytesRead));
        for (let written = 0; written < part.length;) written += (await spool.write(part, written, part.length - written)).bytesWritten;
        spooled += part.length;
      }
    }
  } finally {
    await spool.close();
  }
  return { sha256: hash.digest('hex'), bytes, complete: BigInt(spooled) === bytes };
}

export function identityOf(stat: BigIntStats): FileIdentity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeNs: stat.mtimeNs };
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

/** Whether the name `file` (a link is not followed) still leads to the regular file `identity` describes. */
export async function isStill(file: Buffer, identity: FileIdentity): Promise<boolean> {
  try {
    const stat = await fs.lstat(file, { bigint: true });
    return stat.isFile() && sameIdentity(identityOf(stat), identity);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
