import type { GridRow } from './GridRow.js';

/**
 * A file's rows as its reader hands them out: a chunk at a time (the records of one piece of CSV
 * text, the rows of one inflated piece of a worksheet). The header search takes rows one by one;
 * the data rows after it go on a chunk at a time, so a row costs no promise and no async
 * generator step of its own on its way from the reader to the import.
 */
export class RowChunks {
  private chunk: readonly GridRow[] = [];
  private at = 0;

  constructor(private readonly source: AsyncIterator<readonly GridRow[]>) {}

  /** The next row; null at the end. */
  async nextRow(): Promise<GridRow | null> {
    while (this.at >= this.chunk.length) {
      const next = await this.source.next();
      if (next.done) return null;
      this.chunk = next.value;
      this.at = 0;
    }
    const row = this.chunk[this.at]!;
    this.at += 1;
    return row;
  }

  /** The rows of the current chunk not taken yet, else the next chunk; null at the end. */
  async nextChunk(): Promise<readonly GridRow[] | null> {
    if (this.at < this.chunk.length) {
      const rest = this.at === 0 ? this.chunk : this.chunk.slice(this.at);
      this.chunk = [];
      this.at = 0;
      return rest;
    }
    const next = await this.source.next();
    return next.done ? null : next.value;
  }

  /** Stop reading (the reader releases the file). */
  async close(): Promise<void> {
    await this.source.return?.(undefined);
  }
}
