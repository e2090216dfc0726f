import { spawn, type ChildProcess } from 'node:child_process';
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A kernel lock held on a file; `release` lets go of it and resolves once it is free. */
export interface DirectoryFlock {
  release(): Promise<void>;
}

export type FlockResult =
  | { readonly held: DirectoryFlock }
  | { readonly busy: true }
  | { readonly failed: string; readonly missing: boolean };

/** A holder that has just died (SIGKILL) lets go within milliseconds: ask again for this long. */
const BUSY_RETRY_MS = 1_500;

/**
 * Take an exclusive `flock(2)` on `file` for this process's life, without waiting.
 *
 * Node has no flock, and the npm packages that add it are native addons (built at install time,
 * which our Docker image's `npm ci --ignore-scripts` skips, and rebuilt for each Node major). So
 * the lock is held by util-linux's `flock(1)` (busybox's on Alpine) in a child:
 * `flock -x -n FILE sh -c 'echo held; exec cat'`. The child's stdin is a pipe from this process;
 * when this process ends in any way (SIGKILL and OOM included) the kernel closes the pipe, `cat`
 * sees end-of-file and exits, and with it the last holder of the lock: no stale lock, no lease.
 * The child gets its own process group (`detached`), so a Ctrl-C meant for packreg (which may
 * then spend minutes finishing an import) does not end the lock first. Only short, portable
 * flags are used (busybox has no `-o`/`-E`): `-n` makes a conflict exit 1 before the command runs,
 * so "held" on stdout is the only proof of success.
 *
 * `onLost` is called if the holder dies while the lock is meant to be held (someone killed it).
 */
export async function holdDirectoryFlock(file: string, onLost: (detail: string) => void = () => undefined): Promise<FlockResult> {
  const until = Date.now() + BUSY_RETRY_MS;
  for (;;) {
    const attempt = await tryFlock(file, onLost);
    if (!('busy' in attempt) || Date.now() >= until) return attempt;
    await sleep(100);
  }
}

function tryFlock(file: string, onLost: (detail: string) => void): Promise<FlockResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn('flock', ['-x', '-n', file, 'sh', '-c', 'echo held; exec cat >/dev/null'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      resolve({ failed: (error as Error).message, missing: false });
      return;
    }
    let settled = false;
    let releasing = false;
    let stderr = '';
    let stdout = '';
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // Writing to (ending) the pipe of a holder that died is EPIPE: nothing to do about it here.
    child.stdin!.on('error', () => undefined);
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      resolve({ failed: error.message, missing: error.code === 'ENOENT' });
    });
    child.once('exit', (code, signal) => {
      if (!settled) {
        settled = true;
        // A conflict under -n is a silent exit 1; anything said on stderr is another failure.
        resolve(code === 1 && stdout === '' && stderr.trim() === '' ? { busy: true } : { failed: stderr.trim() || `flock exited ${code ?? signal}`, missing: false });
      } else if (!releasing) {
        onLost(`the flock holder exited (${code ?? signal})`);
      }
    });
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (settled || !stdout.includes('held')) return;
      settled = true;
      // Nothing more is read; the holder must not keep this process's event loop alive.
      child.stdout!.destroy();
      child.stderr!.destroy();
      (child.stdin as net.Socket).unref();
      child.unref();
      resolve({
        held: {
          async release() {
            if (releasing) return exited;
            releasing = true;
            child.stdin!.end();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(timer);
          },
        },
      });
    });
  });
}
