import { once } from 'node:events';

/** Characters gathered before a write (a row as wide as the limits allow is one write of its own). */
const CHUNK_CHARS = 64 * 1024;

export interface ChunkedText {
  /** Add text; true once 64 K characters are gathered: `flush` then (no promise per row). */
  add(text: string): boolean;
  /** Write what is gathered, waiting for the stream to drain when it asks. */
  flush(): Promise<void>;
}

/**
 * A text report written 64 K characters at a time: one write and one wait per row cost the CSV
 * and JSON reports more than their rows (BENCHMARKS.md, fifteenth round). `encode` turns a chunk
 * into what the stream takes (CP932 bytes for a CSV report in that encoding).
 */
export function chunkedText(out: NodeJS.WritableStream, encode: (text: string) => string | Buffer = (text) => text): ChunkedText {
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (!out.write(encode(text))) await once(out, 'drain');
  };
  return {
    add(text) {
      pending += text;
      return pending.length >= CHUNK_CHARS;
    },
    flush,
  };
}
