import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PackregError } from '../domain/PackregError.js';
import { holdDirectoryFlock, type DirectoryFlock } from './holdDirectoryFlock.js';

export interface EmbeddedLock {
  /** The data directory's real path (symlinks resolved): what PGlite is given. */
  readonly dir: string;
  release(): Promise<void>;
}

const PID_FILE = 'packreg.pid';
/** Never deleted: removing a lock file someone may be about to lock would split the lock in two. */
const LOCK_FILE = 'packreg.lock';

/**
 * Hold the embedded data directory for this process. PGlite corrupts a directory opened by two
 * processes, so a second process must fail with DATABASE_LOCKED before it touches the files —
 * whichever path it came by (a symlink, a bind mount, a container's volume: issue 15).
 *
 * Two locks, both released by the kernel the moment the process dies (SIGKILL included), so there
 * is never a stale lock to guess about:
 * - a kernel `flock` on `packreg.lock` inside the directory (`holdDirectoryFlock`). A lock on the
 *   directory's own file is met through every path to it and from every mount and network
 *   namespace on the kernel: two containers sharing the volume see each other. This is the lock
 *   that makes the promise; it needs `flock(1)` (util-linux, present on Debian/Ubuntu/RHEL images;
 *   busybox on Alpine). Without it the directory is not opened (CONFIG_INVALID), never opened
 *   unguarded.
 * - a listening abstract Unix socket named after the directory's identity (st_dev + st_ino, the
 *   same through every path and bind mount), kept from before: it answers a second process on
 *   the same host at once, and still guards the directory should someone kill the flock holder.
 *   Abstract sockets are per network namespace, which is why it is not the only lock any more.
 *
 * Off Linux (development on macOS, which has no flock(1)) the lock is a socket file inside the
 * directory, probed by connecting: every path on one host meets it.
 */
export async function acquireEmbeddedLock(dataDir: string, onLost: (detail: string) => void = () => undefined): Promise<EmbeddedLock> {
  await fs.mkdir(dataDir, { recursive: true });
  const realDir = await fs.realpath(dataDir);
  const server = net.createServer((socket) => socket.destroy());
  const address = await listenExclusively(server, realDir, dataDir);
  server.unref();
  const closeServer = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!address.startsWith('\0')) await fs.rm(address, { force: true });
  };
  let flock: DirectoryFlock | null = null;
  if (process.platform === 'linux') {
    const file = path.join(realDir, LOCK_FILE);
    const result = await holdDirectoryFlock(file, onLost);
    if (!('held' in result)) {
      await closeServer();
      if ('busy' in result) throw await lockedError(realDir, dataDir);
      throw new PackregError('CONFIG_INVALID', {
        detail: result.missing
          ? `the embedded database needs flock(1) (util-linux) to lock ${dataDir}; install util-linux, or set DATABASE_URL`
          : `cannot lock the embedded database ${dataDir} (${file}: ${result.failed})`,
      });
    }
    flock = result.held;
  }
  await fs.writeFile(path.join(realDir, PID_FILE), `${process.pid}\n`);
  return {
    dir: realDir,
    async release() {
      await fs.rm(path.join(realDir, PID_FILE), { force: true });
      await flock?.release();
      await closeServer();
    },
  };
}

async function listenExclusively(server: net.Server, realDir: string, given: string): Promise<string> {
  if (process.platform === 'linux') {
    // bigint: inode numbers can pass 2^53 (XFS, btrfs).
    const id = await fs.stat(realDir, { bigint: true });
    const name = `\0packreg-dir-${id.dev}-${id.ino}`;
    if (await tryListen(server, name)) return name;
    throw await lockedError(realDir, given);
  }
  const file = path.join(realDir, '.packreg.lock.sock');
  if (await tryListen(server, file)) return file;
  if (await isAlive(file)) throw await lockedError(realDir, given);
  await fs.rm(file, { force: true });
  if (await tryListen(server, file)) return file;
  throw await lockedError(realDir, given);
}

function tryListen(server: net.Server, address: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(address);
  });
}

function isAlive(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(file);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function lockedError(realDir: string, given: string): Promise<PackregError> {
  const pid = await fs.readFile(path.join(realDir, PID_FILE), 'utf8').then((text) => text.trim(), () => undefined);
  return new PackregError('DATABASE_LOCKED', { dir: given, pid });
}
