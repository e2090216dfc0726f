import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, listFiles, makeInbox, runCli, softwareRows, spawnCli } from './nightlyKit.js';

/**
 * `packreg nightly` as a scheduler runs it (SPEC §7, issue 17): one pass, then exit — a cron line
 * without flags must not pile up processes; `--watch [SECONDS]` repeats until a signal; `--once`
 * is still accepted. The summary is printed in one language.
 */
describe('packreg nightly on the command line', () => {
  let dataDir: string;
  let inbox: string;
  const env = () => ({ PACKREG_DATA_DIR: dataDir });

  beforeAll(async () => {
    inbox = await makeInbox();
    dataDir = path.join(path.dirname(inbox), 'data');
    const loaded = await runCli(['reference', 'load', await writeReferenceDir()], env());
    expect(loaded.code, loaded.stderr).toBe(0);
  });
  afterAll(async () => {
    await fs.rm(path.dirname(inbox), { recursive: true, force: true });
  });

  it('without flags: one pass, then exit 0; --once the same', async () => {
    await dropFile(inbox, 'RS001', 'a.csv', softwareRows([['300000001', 'SW-0001']]));
    const plain = await runCli(['nightly', '--inbox', inbox], env());
    expect(plain.code, plain.stderr).toBe(0);
    expect(await listFiles(path.join(inbox, '..', 'done'))).toContain('RS001/a.csv');
    await dropFile(inbox, 'RS001', 'b.csv', softwareRows([['300000001', 'SW-0002']]));
    const once = await runCli(['nightly', '--inbox', inbox, '--once'], env());
    expect(once.code, once.stderr).toBe(0);
    expect(await listFiles(path.join(inbox, '..', 'done'))).toContain('RS001/b.csv');
  });

  it('--watch SECONDS repeats until SIGTERM, which ends it cleanly', async () => {
    const { child, done } = spawnCli(['nightly', '--inbox', inbox, '--watch', '1', '--json'], env());
    let passes = 0;
    child.stdout!.on('data', (d: Buffer) => {
      passes += d.toString().split('\n').filter((l) => l.startsWith('{')).length;
    });
    const end = Date.now() + 240_000;
    while (passes < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(passes).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
  });

  it('the summary speaks one language', async () => {
    await dropFile(inbox, 'RS001', 'c.csv', softwareRows([['300000001', 'SW-0003']]));
    await dropFile(inbox, 'RS001', 'notes.txt', 'not an upload');
    const ja = await runCli(['nightly', '--inbox', inbox, '--lang', 'ja'], env());
    expect(ja.code, ja.stderr).toBe(0);
    expect(ja.stdout).toMatch(/取込 1/);
    expect(ja.stdout).not.toMatch(/\b(imported|rows|registered|skipped|waiting|refused)\b/);
    const en = await runCli(['nightly', '--inbox', inbox, '--lang', 'en'], env());
    expect(en.stdout).toMatch(/imported 0/);
    expect(en.stdout).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});
