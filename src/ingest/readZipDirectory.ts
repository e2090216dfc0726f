import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { PackregError } from '../domain/PackregError.js';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  /** As declared: a zip bomb may lie, so the bytes actually inflated are counted too. */
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

const unreadable = (detail: string) => new PackregError('FILE_UNREADABLE', { detail });

/**
 * Read a zip's central directory (the table at its end). A truncated or damaged zip has none, or
 * one pointing outside the file: FILE_UNREADABLE. Only the directory is read, never the data.
 */
export async function readZipDirectory(path: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw unreadable('a damaged or truncated workbook (no zip directory)');
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directoryOffset + directorySize > size - tailLength + eocd) throw unreadable('a damaged or truncated workbook');
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);

    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n += 1) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
        throw unreadable('a damaged workbook (bad zip directory)');
      }
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      entries.push({
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        uncompressedSize: directory.readUInt32LE(at + 24),
        localHeaderOffset: directory.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Inflate one (small) entry whole, refusing to produce more than `maxBytes`. */
export async function readZipEntry(path: string, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) {
    throw new PackregError('FILE_LIMITS', { what: `size of ${entry.name}`, limit: maxBytes });
  }
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, entry.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw unreadable('a damaged workbook (bad zip entry)');
    const dataOffset = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = Buffer.alloc(entry.compressedSize);
    const { bytesRead } = await handle.read(data, 0, data.length, dataOffset);
    if (bytesRead < data.length) throw unreadable('a truncated workbook');
    if (entry.method === 0) return data;
    if (entry.method !== 8) throw unreadable(`an unsupported zip compression method (${entry.method})`);
    try {
      return inflateRawSync(data, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PackregError('FILE_LIMITS', { what: `size of ${entry.name}`, limit: maxBytes }, { cause: error });
      }
      throw new PackregError('FILE_UNREADABLE', { detail: 'a damaged workbook (bad zip data)' }, { cause: error });
    }
  } finally {
    await handle.close();
  }
}
