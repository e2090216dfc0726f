import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, readFileChunks } from '../../src/ingest/fileReads.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-file-reads-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The file descriptors this process holds open. */
const openFds = () => fs.readdirSync('/proc/self/fd').length;

describe('readFileChunks', () => {
  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17])('yields a %i-byte file exactly, in order', async (size) => {
    const file = path.join(dir, `f${size}`);
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7919) % 251));
    fs.writeFileSync(file, bytes);
    const chunks: Buffer[] = [];
    for await (const chunk of readFileChunks(file)) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(chunks.every((c) => c.length > 0 && c.length <= CHUNK_BYTES)).toBe(true);
  });

  it('closes the file when the reader stops early, and when it reads to the end', async () => {
    const file = path.join(dir, 'big');
    fs.writeFileSync(file, Buffer.alloc(5 * CHUNK_BYTES, 1));
    const before = openFds();
    for await (const chunk of readFileChunks(file)) {
      expect(chunk.length).toBe(CHUNK_BYTES);
      expect(openFds()).toBe(before + 1);
      break;
    }
    expect(openFds()).toBe(before);
    for await (const chunk of readFileChunks(file)) expect(chunk.length).toBe(CHUNK_BYTES);
    expect(openFds()).toBe(before);
  });

  it('rejects on the first read of a path that cannot be opened', async () => {
    await expect(readFileChunks(path.join(dir, 'missing')).next()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
