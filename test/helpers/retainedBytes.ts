import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Heap bytes still held after `keep` returns (or its promise settles) and a full collection: what
 * the value it returns keeps alive. The value is kept until the measurement is done.
 */
export async function retainedBytes(keep: () => unknown): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = await keep();
  gc();
  const after = process.memoryUsage().heapUsed;
  void kept;
  return after - before;
}

/** `n` substrings of 40 characters, each cut from a string of its own of 1 MB (as a parser's chunks). */
export function cutFromLargeStrings(n: number, prefix: string): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}:`.padEnd(1 << 20, 'x').slice(0, 40));
}
