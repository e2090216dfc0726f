import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';

/** A workbook's zip, open for random access: parts are read by name, in any order, any number of times. */
export interface ZipPackage {
  /** The entry name as stored for `partName` (OPC part names compare case-insensitively), or null. */
  readonly find: (partName: string) => string | null;
  /**
   * The inflated bytes of one part, streaming; every byte counts against the workbook's inflation
   * budget, and against `maxBytes` for this part (FILE_LIMITS naming the part past either).
   */
  readonly read: (partName: string, maxBytes?: number) => AsyncIterable<Buffer>;
  /**
   * Count `texts` kept from package part `partName` (relationships, content types, sheet names)
   * against the workbook's budget for them, `maxPackageTextChars` for all parts together: the
   * item limits bound how many are kept, this bounds their size (each may be as long as an XML
   * token). Past it → FILE_LIMITS.
   */
  readonly keep: (partName: string, ...texts: readonly string[]) => void;
  readonly close: () => void;
}

/** A damaged package: the technical detail in English only; Japanese says what it is (one language at a time, issue 17). */
const damaged = (detail: string, cause?: unknown) =>
  new PackregError('FILE_UNREADABLE', { detail: { ja: 'ブックが壊れています', en: `a damaged workbook (${detail})` } }, cause === undefined ? undefined : { cause });

/**
 * Open an XLSX's zip with yauzl (random access through the central directory, never by walking
 * the local headers, so the zip's storage order does not matter).
 *
 * Guards (SPEC §6): the most the workbook may inflate to is `maxInflateRatio` × its size and never
 * more than `maxInflateBytes`. The sizes the directory declares are checked first (cheap, catches
 * honest giants); then the bytes that actually come out of the inflater are counted, across every
 * part read, and reading stops at the limit — a directory that lies about sizes cannot get past
 * it. Entry sizes are not otherwise validated: a lying size is caught by the count, and a
 * workbook whose directory is merely sloppy still reads. A caller may also cap one part's
 * inflated bytes (`read(part, maxBytes)`: the package parts read whole before any row).
 *
 * Two entries with the same name (compared as OPC part names: case-insensitively, `\` as `/`,
 * without a leading `/`) are refused as FILE_UNREADABLE: zip readers disagree on which one wins
 * (the first, the last, the one the local headers reach), so a file could show one sheet to Excel
 * and another to packreg. More than `maxPackageItems` entries → FILE_LIMITS.
 */
export async function openZipPackage(path: string, fileSize: number, limits: Limits): Promise<ZipPackage> {
  const zip = await openZip(path);
  try {
    const entries = await readEntries(zip, limits);
    const budget = Math.min(limits.maxInflateBytes, limits.maxInflateRatio * fileSize);
    const overBudget = () => new PackregError('FILE_LIMITS', { what: { ja: 'ブックの展開後の大きさ', en: 'inflated size of the workbook' }, limit: formatBytes(budget) });
    let declared = 0;
    for (const entry of entries.values()) declared += entry.uncompressedSize;
    if (declared > budget) throw overBudget();

    let inflated = 0;
    const find = (partName: string) => {
      const entry = entries.get(partKey(partName));
      return entry ? entryName(entry) : null;
    };
    async function* read(partName: string, maxBytes = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
      const entry = entries.get(partKey(partName));
      if (!entry) throw damaged(`no part ${partName}`);
      if (entry.uncompressedSize > maxBytes) throw overPart(partName, maxBytes);
      const stream = await openStream(zip, entry, partName);
      let partBytes = 0;
      try {
        for await (const chunk of stream) {
          inflated += chunk.length;
          partBytes += chunk.length;
          if (inflated > budget) throw overBudget();
          if (partBytes > maxBytes) throw overPart(partName, maxBytes);
          yield chunk;
        }
      } catch (error) {
        if (error instanceof PackregError) throw error;
        throw damaged(`${partName}: ${error instanceof Error ? error.message : 'bad zip data'}`.slice(0, 200), error);
      } finally {
        stream.destroy();
      }
    }
    let kept = 0;
    const keep = (partName: string, ...texts: readonly string[]) => {
      for (const text of texts) kept += text.length;
      if (kept > limits.maxPackageTextChars) {
        throw new PackregError('FILE_LIMITS', {
          what: { ja: `ブックの管理部品(関連・コンテンツタイプ・シート名)から保持する文字数(${partName} で超過)`, en: `characters kept from the workbook's package parts: relationships, content types, sheet names (exceeded in ${partName})` },
          limit: limits.maxPackageTextChars,
        });
      }
    };
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      zip.close();
    };
    return { find, read, keep, close };
  } catch (error) {
    zip.close();
    throw error;
  }
}

const overPart = (partName: string, maxBytes: number) =>
  new PackregError('FILE_LIMITS', { what: { ja: `${partName} の展開後の大きさ`, en: `inflated size of ${partName}` }, limit: formatBytes(maxBytes) });

/** The key a part is found by: OPC part names are ASCII-case-insensitive and start at the package root. */
export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings false: yauzl would refuse a name with a leading `/` or `\` outright; names
    // are decoded and compared here instead (they are only ever looked up, never written to disk).
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false }, (error, zip) => {
      if (error || !zip) reject(new PackregError('FILE_UNREADABLE', { detail: { ja: 'ブックが壊れているか途中で切れています(zip の目次がありません)', en: 'a damaged or truncated workbook (no zip directory)' } }, { cause: error }));
      else resolve(zip);
    });
  });
}

function readEntries(zip: ZipFile, limits: Limits): Promise<Map<string, Entry>> {
  if (zip.entryCount > limits.maxPackageItems) {
    return Promise.reject(new PackregError('FILE_LIMITS', { what: { ja: 'ブックの部品(zip エントリ)の数', en: 'zip entries in the workbook' }, limit: limits.maxPackageItems }));
  }
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      const name = entryName(entry);
      if (name.endsWith('/')) {
        zip.readEntry(); // a directory
        return;
      }
      const key = partKey(name);
      if (entries.has(key)) {
        zip.close();
        reject(new PackregError('FILE_UNREADABLE', { detail: { ja: `ブックが壊れています(同じ名前の部品 ${name.slice(0, 100)} が 2 つあります)`, en: `a damaged workbook (two zip entries named ${name.slice(0, 100)})` } }));
        return;
      }
      entries.set(key, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    // yauzl reports later trouble (a failed read, closing the file) here too: those reach the
    // reader through its stream; an unheard 'error' event would end the process.
    zip.on('error', () => undefined);
    zip.once('error', (error: Error) => reject(damaged(`bad zip directory: ${error.message}`.slice(0, 200), error)));
    zip.readEntry();
  });
}

/** The entry's name as text: UTF-8 when flagged so (bit 11), else byte for byte (OOXML names are ASCII). */
function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
}

/**
 * The part's bytes as they inflate. yauzl hands over the raw data and packreg inflates it, in
 * 64 KiB chunks (zlib's default 16 KiB means four times the trips through the XML reader).
 */
async function openStream(zip: ZipFile, entry: Entry, partName: string): Promise<Readable> {
  if (entry.isEncrypted()) throw damaged(`${partName}: encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw damaged(`${partName}: compression method ${entry.compressionMethod}`);
  const raw = await new Promise<Readable>((resolve, reject) => {
    // yauzl refuses `decompress` on a stored entry: it is only asked not to inflate a deflated one.
    zip.openReadStream(entry, entry.compressionMethod === 0 ? {} : { decompress: false }, (error, stream) => {
      if (error || !stream) reject(damaged(`${partName}: ${error?.message ?? 'unreadable'}`.slice(0, 200), error));
      else resolve(stream);
    });
  });
  if (entry.compressionMethod === 0) return raw;
  const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
  raw.on('error', (error) => inflater.destroy(error));
  inflater.on('close', () => raw.destroy());
  return raw.pipe(inflater);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}
