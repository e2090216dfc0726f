import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import type { Limits } from '../config.js';
import { PackregError } from '../domain/PackregError.js';
import type { ZipEntry } from './readZipDirectory.js';

const LOCAL_SIGNATURE = 0x04034b50;
const DESCRIPTOR_SIGNATURE = 0x08074b50;

/**
 * Zip-bomb guard (SPEC §6), run before exceljs sees the file: the most a workbook may inflate to
 * is `maxInflateRatio` × its size, and never more than `maxInflateBytes`.
 *
 * 1. The sizes the central directory declares must fit (cheap, catches honest giants).
 * 2. The directory must describe the file exactly: entries back to back from offset 0, each local
 *    header naming the same entry with the same sizes. exceljs (unzipper) walks the local headers
 *    in order, so it then reads exactly the data we measure, never a hidden entry.
 * 3. Every entry is inflated here, streaming and discarding, counting the bytes that actually come
 *    out, stopping at the limit. A directory that lies about sizes is caught here.
 * A truncated or corrupt entry is FILE_UNREADABLE.
 */
export async function checkZipInflation(path: string, fileSize: number, entries: readonly ZipEntry[], limits: Limits): Promise<void> {
  const limit = Math.min(limits.maxInflateBytes, limits.maxInflateRatio * fileSize);
  const overLimit = () => new PackregError('FILE_LIMITS', { what: 'inflated size of the workbook', limit: formatBytes(limit) });
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limit) throw overLimit();

  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const dataOffsets = await checkLayout(path, sorted);
  let total = 0;
  for (const [i, entry] of sorted.entries()) {
    if (entry.compressedSize === 0) continue;
    const raw = createReadStream(path, { start: dataOffsets[i]!, end: dataOffsets[i]! + entry.compressedSize - 1 });
    if (entry.method === 0) {
      total += entry.compressedSize;
      raw.destroy();
      if (total > limit) throw overLimit();
      continue;
    }
    const inflater = createInflateRaw();
    raw.pipe(inflater);
    raw.on('error', (error) => inflater.destroy(error));
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limit) throw overLimit();
      }
    } catch (error) {
      if (error instanceof PackregError) throw error;
      throw new PackregError('FILE_UNREADABLE', { detail: `a damaged workbook (${entry.name})` }, { cause: error });
    } finally {
      raw.destroy();
      inflater.destroy();
    }
  }
}

/** Checks the entries tile the file; returns each entry's data offset. */
async function checkLayout(path: string, sorted: readonly ZipEntry[]): Promise<number[]> {
  const damaged = (detail: string) => new PackregError('FILE_UNREADABLE', { detail: `a damaged workbook (${detail})` });
  const handle = await open(path, 'r');
  try {
    const offsets: number[] = [];
    let expected = 0;
    for (const entry of sorted) {
      if (entry.localHeaderOffset !== expected && !(await isDescriptorGap(handle, expected, entry.localHeaderOffset))) {
        throw damaged('zip entries are not where the directory says');
      }
      const header = Buffer.alloc(30);
      await handle.read(header, 0, 30, entry.localHeaderOffset);
      if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw damaged('bad zip entry');
      const nameLength = header.readUInt16LE(26);
      const name = Buffer.alloc(nameLength);
      await handle.read(name, 0, nameLength, entry.localHeaderOffset + 30);
      if (name.toString('utf8') !== entry.name) throw damaged('zip entry names disagree');
      const usesDescriptor = (header.readUInt16LE(6) & 0x08) !== 0;
      const localCompressed = header.readUInt32LE(18);
      if (!(usesDescriptor && localCompressed === 0) && localCompressed !== entry.compressedSize) {
        throw damaged('zip entry sizes disagree');
      }
      const dataOffset = entry.localHeaderOffset + 30 + nameLength + header.readUInt16LE(28);
      offsets.push(dataOffset);
      expected = dataOffset + entry.compressedSize;
    }
    return offsets;
  } finally {
    await handle.close();
  }
}

/** Between two entries only a data descriptor (12 or 16 bytes, optionally signed) may sit. */
async function isDescriptorGap(handle: import('node:fs/promises').FileHandle, from: number, to: number): Promise<boolean> {
  const gap = to - from;
  if (gap !== 12 && gap !== 16 && gap !== 20 && gap !== 24) return false;
  if (gap === 12) return true;
  const signature = Buffer.alloc(4);
  await handle.read(signature, 0, 4, from);
  return signature.readUInt32LE(0) === DESCRIPTOR_SIGNATURE || gap === 20;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}
