import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeStreams } from '../../../src/report/writeReportFile.js';

/** Linux's always-full device: every write fails with ENOSPC, as on a full disk. */
const FULL = '/dev/full';

describe('completeStreams', () => {
  it.skipIf(!fs.existsSync(FULL))('a stream that fails (a full disk) ends the write at once, while it waits on another stream', { timeout: 30_000 }, async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'packreg-streams-'));
    const ok = fs.createWriteStream(path.join(dir, 'ok.json'));
    const full = fs.createWriteStream(FULL);
    try {
      // As a report fed beside another: this one's bytes go to the full disk, then the write waits
      // for the other stream (a drain that does not come here), so only the failure can end it.
      const waiting = completeStreams([ok, full], async ([, failing]) => {
        failing!.write(Buffer.alloc(64 * 1024));
        await new Promise(() => undefined);
      });
      await expect(waiting).rejects.toMatchObject({ code: 'ENOSPC' });
    } finally {
      ok.destroy();
      full.destroy();
    }
  });

  it('ends every stream and resolves once their bytes are written', async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'packreg-streams-'));
    const files = ['a.csv', 'b.json'].map((name) => path.join(dir, name));
    const outs = files.map((file) => fs.createWriteStream(file));
    expect(await completeStreams(outs, async ([a, b]) => {
      a!.write('a,b\r\n');
      b!.write('{}\n');
      return 'written';
    })).toBe('written');
    expect(outs.every((out) => out.writableFinished)).toBe(true);
    expect(files.map((file) => fs.readFileSync(file, 'utf8'))).toEqual(['a,b\r\n', '{}\n']);
  });
});
