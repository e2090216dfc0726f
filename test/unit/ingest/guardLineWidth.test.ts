import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardLineWidth } from '../../../src/ingest/guardLineWidth.js';

/** The rule stated character by character: the oracle the line-length shortcut must agree with. */
async function* oracle(text: AsyncIterable<string>, delimiter: string, max: number): AsyncGenerator<string> {
  let count = 0;
  for await (const chunk of text) {
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) count = 0;
      else if (chunk[i] === delimiter && ++count > max) throw new Error('FILE_LIMITS');
    }
    if (chunk !== '') yield chunk;
  }
}

/** The chunks passed on, then 'FILE_LIMITS' if it stopped there. */
async function run(guard: typeof oracle, chunks: string[], delimiter: string, max: number): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  try {
    for await (const chunk of guard(source(), delimiter, max)) out.push(chunk);
  } catch (error) {
    out.push((error as { code?: string }).code ?? (error as Error).message);
  }
  return out;
}

/** `run` over the chunks as UTF-8 bytes, the chunks passed on decoded back for comparison. */
async function runBytes(chunks: string[], delimiter: string, max: number): Promise<string[]> {
  async function* source() {
    for (const chunk of chunks) yield Buffer.from(chunk);
  }
  const out: string[] = [];
  try {
    for await (const chunk of guardLineWidth(source(), delimiter, max)) out.push(chunk.toString('utf8'));
  } catch (error) {
    out.push((error as { code?: string }).code ?? (error as Error).message);
  }
  return out;
}

describe('guardLineWidth', () => {
  it('stops at the same chunk as counting every character would, whatever the chunking', async () => {
    const chunk = fc.array(fc.constantFrom(',', ',', ',', ';', 'a', 'あ', '\n', '\r'), { maxLength: 12 }).map((cs) => cs.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 10 }), fc.constantFrom(',', ';'), fc.integer({ min: 0, max: 6 }), async (chunks, delimiter, max) => {
        const expected = await run(oracle, chunks, delimiter, max);
        expect(await run(guardLineWidth, chunks, delimiter, max)).toEqual(expected);
        // The same text as UTF-8 bytes (how a UTF-8 CSV reaches csv-parse): the same verdict.
        expect(await runBytes(chunks, delimiter, max)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the oracle over many lines a chunk, where it skips from line end to line end', async () => {
    const line = fc.array(fc.constantFrom(',', ',', 'a', 'あ', '\r'), { maxLength: 30 }).map((cs) => cs.join(''));
    const text = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 40 }), async (whole, cuts, max) => {
        const chunks: string[] = [];
        for (let at = 0, i = 0; at < whole.length; i += 1) {
          chunks.push(whole.slice(at, at + cuts[i % cuts.length]!));
          at += cuts[i % cuts.length]!;
        }
        const expected = await run(oracle, chunks, ',', max);
        expect(await run(guardLineWidth, chunks, ',', max)).toEqual(expected);
        expect(await runBytes(chunks, ',', max)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a line longer than the limit with few delimiters passes; one with too many does not', async () => {
    expect(await run(guardLineWidth, ['a'.repeat(50), ',,,', 'b'.repeat(50), '\n,,'], ',', 5)).toEqual(['a'.repeat(50), ',,,', 'b'.repeat(50), '\n,,']);
    // The sixth delimiter is in the fourth chunk: three chunks pass, then the error.
    expect(await run(guardLineWidth, [',,,', 'b'.repeat(50), ',,', ',\n'], ',', 5)).toEqual([',,,', 'b'.repeat(50), ',,', 'FILE_LIMITS']);
  });
});
