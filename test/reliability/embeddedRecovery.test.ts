import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { runCli } from '../helpers/runCli.js';
import { testEngines } from '../helpers/testEnv.js';
import { seededRandom } from '../helpers/seededRandom.js';
import { runCliKilledBy } from './reliabilityKit.js';

/**
 * The embedded database after an unclean end: it either opens cleanly (PostgreSQL's WAL replay)
 * or fails with DATABASE_CORRUPT and a recovery message (exit 70) — never a crash, never a
 * silently emptied directory.
 */
const SEED = Number(process.env.PACKREG_TEST_SEED ?? Date.now() % 100_000);

describe.skipIf(!testEngines().includes('pglite'))('embedded database after an unclean end [pglite]', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-recover-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  /** A clean open, or DATABASE_CORRUPT with the recovery advice; nothing else. */
  const expectOpensOrCorrupt = async (dataDir: string): Promise<'opened' | 'corrupt'> => {
    const run = await runCli(['migrate'], { PACKREG_DATA_DIR: dataDir, PACKREG_LANG: 'en' });
    if (run.code === 0) return 'opened';
    expect(run.code, run.stderr).toBe(70);
    expect(run.stderr).toMatch(/^packreg: DATABASE_CORRUPT: The embedded database .* cannot be opened .*Restore it from a backup/m);
    return 'corrupt';
  };

  it(`killed while creating its data directory, it opens or says DATABASE_CORRUPT (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const random = seededRandom(SEED);
    // Creating a directory takes ~4 s here; PGlite writes the files in its last second or so.
    for (const delay of [2_500 + Math.floor(random() * 2_000), 3_500 + Math.floor(random() * 1_500)]) {
      const dataDir = await tempDir();
      await runCliKilledBy(['migrate'], { PACKREG_DATA_DIR: dataDir }, () => undefined, (kill) => setTimeout(kill, delay));
      const outcome = await expectOpensOrCorrupt(dataDir);
      if (outcome === 'opened') {
        // And it is usable: the reference data loads.
        expect((await runCli(['reference', 'load', await writeReferenceDir()], { PACKREG_DATA_DIR: dataDir })).code).toBe(0);
      }
    }
  });

  it('a damaged directory is DATABASE_CORRUPT and is left as it was (a missing PG_VERSION is not re-initialised)', { timeout: 600_000 }, async () => {
    const dataDir = await tempDir();
    expect((await runCli(['reference', 'load', await writeReferenceDir()], { PACKREG_DATA_DIR: dataDir })).code).toBe(0);

    // PGlite would run initdb over a directory without PG_VERSION and lose every table.
    const noVersion = await tempDir();
    await fs.cp(dataDir, noVersion, { recursive: true });
    await fs.rm(path.join(noVersion, 'PG_VERSION'));
    const filesBefore = (await fs.readdir(path.join(noVersion, 'base'), { recursive: true })).length;
    expect(await expectOpensOrCorrupt(noVersion)).toBe('corrupt');
    expect((await fs.readdir(path.join(noVersion, 'base'), { recursive: true })).length).toBe(filesBefore);
    await expect(fs.stat(path.join(noVersion, 'PG_VERSION'))).rejects.toThrow();

    // Garbage in the control file, and a lost WAL.
    const badControl = await tempDir();
    await fs.cp(dataDir, badControl, { recursive: true });
    const control = await fs.open(path.join(badControl, 'global', 'pg_control'), 'r+');
    await control.write(Buffer.alloc(64, 0xa5), 0, 64, 0);
    await control.close();
    expect(await expectOpensOrCorrupt(badControl)).toBe('corrupt');

    const noWal = await tempDir();
    await fs.cp(dataDir, noWal, { recursive: true });
    for (const f of await fs.readdir(path.join(noWal, 'pg_wal'))) await fs.rm(path.join(noWal, 'pg_wal', f), { recursive: true });
    expect(await expectOpensOrCorrupt(noWal)).toBe('corrupt');

    // The original still opens and still holds its data.
    const status = await runCli(['reference', 'load', await writeReferenceDir(), '--lang', 'en'], { PACKREG_DATA_DIR: dataDir });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/resellers\.csv\s+2 rows,\s+0 added or changed/);
  });
});
