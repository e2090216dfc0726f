import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';

/** Strings are packed into slabs of this size; a string never straddles two. */
const SLAB_BYTES = 4 * 1024 * 1024;
const CACHE_SLOTS = 4096; // a power of two
const CACHE_MAX_CHARS = 256;

/**
 * A workbook's shared strings, held compactly: their UTF-8 bytes packed into 4 MiB slabs, and
 * for each string its start and end in one growing Uint32Array — 8 bytes per string beside its
 * text, instead of a JS string (a heap object, UTF-16 for any non-Latin-1 text) per item. A
 * million-row workbook has millions of them (every serial number is one): as JS strings they took
 * the ingest to 851 MB (BENCHMARKS.md), and their memory grew with their count, not their bytes.
 *
 * Memory is bounded by `maxSharedStringBytes` (bytes + 8 per string, FILE_LIMITS past it), so
 * nothing spills to disk: at the default 64 MiB that covers a workbook of a few million short
 * strings, well past what a 50 MB upload holds (docs/xlsx.md). Slabs are never copied to grow.
 */
export class SharedStrings {
  private readonly slabs: Buffer[] = [];
  private used = SLAB_BYTES; // no slab yet: the first add opens one
  private spans = new Uint32Array(1024);
  private size = 0;
  private accounted = 0;
  /**
   * Recently read short strings, by index modulo the cache size: a sheet repeats a few strings
   * (a model, an address) in every row, and decoding them again each time was a tenth of the
   * reading time. Bounded: CACHE_SLOTS strings of at most CACHE_MAX_CHARS.
   */
  private readonly cachedIndex = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly cachedText: string[] = new Array<string>(CACHE_SLOTS).fill('');

  constructor(private readonly limits: Pick<Limits, 'maxSharedStringBytes'>) {}

  get count(): number {
    return this.size;
  }

  add(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.accounted += bytes + 8;
    if (this.accounted > this.limits.maxSharedStringBytes) {
      throw new PackregError('FILE_LIMITS', { what: { ja: 'ブックの共有文字列の大きさ', en: 'shared strings of the workbook (bytes)' }, limit: `${Math.round(this.limits.maxSharedStringBytes / 1024 / 1024)} MB` });
    }
    if (bytes > SLAB_BYTES) {
      throw new PackregError('FILE_LIMITS', { what: { ja: '1 つの共有文字列の大きさ(バイト)', en: 'bytes of one shared string' }, limit: SLAB_BYTES });
    }
    if (this.used + bytes > SLAB_BYTES) {
      // allocUnsafeSlow: a slab of its own, not a slice of Node's shared pool; every byte written before it is read.
      this.slabs.push(Buffer.allocUnsafeSlow(SLAB_BYTES));
      this.used = 0;
    }
    const slab = this.slabs.length - 1;
    const start = this.used;
    if (bytes > 0) this.slabs[slab]!.write(text, start, 'utf8');
    this.used += bytes;
    if (2 * this.size + 2 > this.spans.length) {
      const grown = new Uint32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    // Global offsets: slab × SLAB_BYTES + position (4 GiB of text at most, far above any limit).
    this.spans[2 * this.size] = slab * SLAB_BYTES + start;
    this.spans[2 * this.size + 1] = slab * SLAB_BYTES + start + bytes;
    this.size += 1;
  }

  /** The string at `index`, or undefined past the end (a damaged cell reference). */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.size)) return undefined;
    const slot = index & (CACHE_SLOTS - 1);
    if (this.cachedIndex[slot] === index) return this.cachedText[slot];
    const start = this.spans[2 * index]!;
    const end = this.spans[2 * index + 1]!;
    if (start === end) return '';
    const slab = Math.floor(start / SLAB_BYTES);
    const base = slab * SLAB_BYTES;
    const text = this.slabs[slab]!.toString('utf8', start - base, end - base);
    if (text.length <= CACHE_MAX_CHARS) {
      this.cachedIndex[slot] = index;
      this.cachedText[slot] = text;
    }
    return text;
  }
}
