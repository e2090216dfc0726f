import { open } from 'node:fs/promises';

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
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < Math.min(size, MAX_SAMPLE)) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (buffer.subarray(0, bytesRead).some((b) => b >= 0x80)) break;
    }
    const bytes = Buffer.concat(chunks);
    return { size, bytes, complete: bytes.length >= size };
  } finally {
    await handle.close();
  }
}
