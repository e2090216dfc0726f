import { closeFile, openFile, readInto, statOfFile } from './fileReads.js';

/** The first bytes of a file, read once to sniff its type and encoding. */
export interface FileSample {
  readonly size: number;
  readonly bytes: Buffer;
  /** The sample holds the whole file (an incomplete multibyte sequence at its end is an error). */
  readonly complete: boolean;
}

const CHUNK = 64 * 1024;
const MAX_SAMPLE = 1024 * 1024;

/**
 * Read the start of a file: 64 KiB, or more (up to 1 MiB) while it is all ASCII, so a Shift_JIS
 * file whose first rows are plain ASCII is still recognised as CP932 rather than UTF-8.
 */
export async function readSample(path: string): Promise<FileSample> {
  const fd = await openFile(path);
  try {
    const { size } = await statOfFile(fd);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < Math.min(size, MAX_SAMPLE)) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - total));
      const bytesRead = await readInto(fd, buffer, total);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (buffer.subarray(0, bytesRead).some((b) => b >= 0x80)) break;
    }
    const bytes = Buffer.concat(chunks);
    return { size, bytes, complete: bytes.length >= size };
  } finally {
    await closeFile(fd);
  }
}
