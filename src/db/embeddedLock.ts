import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PackregError } from '../domain/PackregError.js';

export interface EmbeddedLock {
  release(): Promise<void>;
}

const PID_FILE = 'packreg.pid';

/**
 * Hold the embedded data directory for this process. PGlite corrupts a directory opened by two
 * processes, so a second process must fail with DATABASE_LOCKED before it touches the files.
 *
 * The lock is a listening Unix socket, not a lock file: the kernel releases it the moment the
 * process dies (SIGKILL included), so there is no stale lock to guess about and no race between
 * two processes breaking one. On Linux it lives in the abstract namespace, named after the data
 * directory's real path; elsewhere it is a socket file inside the directory, probed by connecting
 * (a file left by a dead process refuses connections and is replaced).
 *
 * Limit: abstract sockets are per network namespace, so two containers sharing one volume do not
 * see each other's lock. Run one packreg container per embedded data directory.
 */
export async function acquireEmbeddedLock(dataDir: string): Promise<EmbeddedLock> {
  await fs.mkdir(dataDir, { recursive: true });
  const realDir = await fs.realpath(dataDir);
  const server = net.createServer((socket) => socket.destroy());
  const address = await listenExclusively(server, realDir);
  server.unref();
  await fs.writeFile(path.join(realDir, PID_FILE), `${process.pid}\n`);
  return {
    async release() {
      await fs.rm(path.join(realDir, PID_FILE), { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!address.startsWith('\0')) await fs.rm(address, { force: true });
    },
  };
}

async function listenExclusively(server: net.Server, realDir: string): Promise<string> {
  if (process.platform === 'linux') {
    const name = `\0packreg-${createHash('sha256').update(realDir).digest('hex').slice(0, 40)}`;
    if (await tryListen(server, name)) return name;
    throw await lockedError(realDir);
  }
  const file = path.join(realDir, '.packreg.lock.sock');
  if (await tryListen(server, file)) return file;
  if (await isAlive(file)) throw await lockedError(realDir);
  await fs.rm(file, { force: true });
  if (await tryListen(server, file)) return file;
  throw await lockedError(realDir);
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

async function lockedError(dir: string): Promise<PackregError> {
  const pid = await fs.readFile(path.join(dir, PID_FILE), 'utf8').then((text) => text.trim(), () => undefined);
  return new PackregError('DATABASE_LOCKED', { dir, pid });
}
