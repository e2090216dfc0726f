import fs from 'node:fs';

/**
 * Reading a file through fs's callback functions. `node:fs/promises` and `fs.createReadStream`
 * load 11 more of Node's built-in modules (FileHandle and its readline, the file streams) into
 * every command that reads a CSV: a 7-row `inspect` 82 → 73 ms, measured while the `#!` line's
 * V8 flags still made each built-in compile anew (issue 19; BENCHMARKS.md, twelfth round).
 */
const promised = <T>(call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))));

export const openFile = (path: string, flags: number = fs.constants.O_RDONLY): Promise<number> =>
  promised((done) => fs.open(path, flags, done));

export const statOfFile = (fd: number): Promise<fs.Stats> => promised((done) => fs.fstat(fd, done));

export const statOfPath = (path: string): Promise<fs.Stats> => promised((done) => fs.stat(path, done));

export const closeFile = (fd: number): Promise<void> => promised<void>((done) => fs.close(fd, (error) => done(error, undefined)));

/** Up to `buffer.length` bytes at `position` (null: where the last read ended); 0 at the end. */
export const readInto = (fd: number, buffer: Buffer, position: number | null): Promise<number> =>
  promised((done) => fs.read(fd, buffer, 0, buffer.length, position, done));

export const CHUNK_BYTES = 64 * 1024;

/**
 * An open file's bytes from where it stands, in order, in chunks of up to CHUNK_BYTES. The next
 * chunk is read while the caller works on this one (as a read stream does); the caller closes `fd`.
 */
export async function* chunksOf(fd: number): AsyncGenerator<Buffer> {
  const next = () => {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    return readInto(fd, buffer, null).then((n) => buffer.subarray(0, n));
  };
  let pending: Promise<Buffer> | null = next();
  try {
    for (;;) {
      const chunk: Buffer = await pending;
      if (chunk.length === 0) {
        pending = null;
        return;
      }
      pending = next();
      yield chunk;
    }
  } finally {
    // Stopped early: the read under way finishes before the caller may close the file.
    await pending?.catch(() => undefined);
  }
}

/** A file's bytes, opened on the first read and closed at the end or when the reader stops. */
export async function* readFileChunks(path: string): AsyncGenerator<Buffer> {
  const fd = await openFile(path);
  try {
    yield* chunksOf(fd);
  } finally {
    await closeFile(fd);
  }
}
