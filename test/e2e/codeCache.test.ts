import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRODUCT_FLAGS } from '../../bench/productFlags.js';
import { cliEnv } from '../helpers/runCli.js';

/**
 * The CLI's bundles run with V8's code cache of an earlier run (src/cli/loadCli.ts, issue 19).
 * Each test runs the real bundles from a directory of its own inside dist/ (three levels below
 * package.json, like dist/bundle/cli/), so its cache starts empty and no other test's run
 * touches it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const LOADER = path.join(ROOT, 'dist/src/cli/loadCli.js');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function bundleDir(): string {
  const dir = fs.mkdtempSync(path.join(ROOT, 'dist/test-bundle-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, 'cli'));
  for (const name of ['help', 'migrate']) fs.copyFileSync(path.join(ROOT, `dist/bundle/cli/${name}.cjs`), path.join(dir, `cli/${name}.cjs`));
  return dir;
}

/** `packreg ARGS` through the loader, as bin/packreg.js runs it, on the bundles in `dir`. */
function run(dir: string, args: string[], env: Record<string, string> = {}, nodeOptions: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const script = 'const { loadCli } = await import(process.env.LOADER); const argv = [process.argv[0], "packreg", ...JSON.parse(process.env.ARGS)]; await loadCli(process.env.BUNDLES, argv).main(argv, process.env);';
  return spawnSync(process.execPath, [...PRODUCT_FLAGS, ...nodeOptions, '--input-type=module', '-e', script], {
    env: cliEnv({ LOADER, BUNDLES: dir, ARGS: JSON.stringify(args), PACKREG_LANG: 'en', ...env }),
    encoding: 'utf8',
  });
}

/** The count of runs that wrote a cache: its first byte (src/cli/loadCli.ts). */
const generationOf = (dir: string, name: string): number => fs.readFileSync(path.join(dir, 'cache', name))[0]!;

/** The cache files in `dir` with their inode and modification time. */
function caches(dir: string): Array<{ name: string; ino: number; mtimeMs: number; size: number }> {
  const cacheDir = path.join(dir, 'cache');
  if (!fs.existsSync(cacheDir)) return [];
  return fs.readdirSync(cacheDir).map((name) => {
    const stat = fs.statSync(path.join(cacheDir, name));
    return { name, ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size };
  });
}

describe('the code cache of a bundle', () => {
  // `migrate` on an embedded database of its own: the command opens it, so it sets its V8 flags.
  const embedded = () => ({ PACKREG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-cache-db-')) });

  it('is written by the first three runs, each adding what it compiled, then used unchanged', () => {
    const dir = bundleDir();
    const help = run(dir, ['migrate', '--help']);
    expect(help.status, help.stderr).toBe(0);
    const [first] = caches(dir);
    expect(first!.name).toMatch(/^migrate-v\d+\.\d+\.\d+-\w+-[0-9a-f]{8}\.bin$/);
    expect(generationOf(dir, first!.name)).toBe(1);

    // The command's own run (its configuration, knex, PGlite, the migrations) adds what `--help`
    // never compiled.
    const database = embedded();
    made.push(database.PACKREG_DATA_DIR);
    const migrated = run(dir, ['migrate', '--json'], database);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(generationOf(dir, first!.name)).toBe(2);
    expect(caches(dir)[0]!.size).toBeGreaterThan(first!.size * 1.5);

    const upToDate = run(dir, ['migrate', '--json'], database);
    expect(upToDate.status, upToDate.stderr).toBe(0);
    expect(generationOf(dir, first!.name)).toBe(3);
    const settled = caches(dir);
    for (let i = 0; i < 2; i++) {
      // V8 refuses code made under flags other than its own at start; every command sets some as
      // it opens its database (src/tuneV8.ts), and the loader resets them before it makes the
      // cache. A refused cache is removed, so an unchanged file here also means an accepted one.
      const again = run(dir, ['migrate', '--json'], database);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toBe(upToDate.stdout);
      expect(caches(dir)).toEqual(settled);
    }
    const helpAgain = run(dir, ['migrate', '--help']);
    expect(helpAgain.stdout).toBe(help.stdout);
    expect(caches(dir)).toEqual(settled);
  });

  it('that V8 refuses is removed, and the run after writes it anew', () => {
    const dir = bundleDir();
    expect(run(dir, ['--help']).status).toBe(0);
    const [cache] = caches(dir);
    const file = path.join(dir, 'cache', cache!.name);
    // Another V8's data, as far as this one can tell: the generation byte, then garbage.
    fs.writeFileSync(file, Buffer.concat([Buffer.of(1), Buffer.alloc(cache!.size - 1, 0x5a)]));

    const refused = run(dir, ['--help']);
    expect(refused.status, refused.stderr).toBe(0);
    expect(refused.stdout).toContain('Usage: packreg');
    expect(fs.existsSync(file)).toBe(false);

    expect(run(dir, ['--help']).status).toBe(0);
    expect(caches(dir)).toEqual([expect.objectContaining({ name: cache!.name })]);
    expect(generationOf(dir, cache!.name)).toBe(1);
    expect(fs.readFileSync(file).subarray(1).every((byte) => byte === 0x5a)).toBe(false);
  });

  it('is kept apart per node options (V8 refuses code made under other flags)', () => {
    const dir = bundleDir();
    expect(run(dir, ['--help']).status).toBe(0);
    const other = run(dir, ['--help'], {}, ['--max-old-space-size=300']);
    expect(other.status, other.stderr).toBe(0);
    expect(caches(dir)).toHaveLength(2);
  });
});

describe('a build of the bundles', () => {
  it('is not given the code cache of the build before (V8 checks no more of the source than its length)', () => {
    // A command started before a build, exiting after it, writes the old code's cache: the new
    // bundle (same length here, its time moved on) must not read it.
    const dir = bundleDir();
    expect(run(dir, ['--help']).status).toBe(0);
    const [before] = caches(dir);
    const bundle = path.join(dir, 'cli/help.cjs');
    const later = new Date(fs.statSync(bundle).mtimeMs + 60_000);
    fs.utimesSync(bundle, later, later);
    expect(run(dir, ['--help']).status).toBe(0);
    const after = caches(dir);
    expect(after).toHaveLength(2);
    expect(after.find((c) => c.name !== before!.name)).toMatchObject({ name: expect.stringMatching(/^help-/) });
    expect(generationOf(dir, before!.name)).toBe(1);
  });
});

describe('bin/packreg.js installed under a path with a space and Japanese', () => {
  it('finds its bundles (a file URL would spell them %20 and %E8…)', () => {
    const top = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-path-')), 'x y', '販売店');
    made.push(path.dirname(path.dirname(top)));
    for (const file of ['bin/packreg.js', 'package.json', 'dist/src/cli/loadCli.js', 'dist/src/tuneV8.js', 'dist/bundle/cli/help.cjs', 'dist/bundle/cli/inspect.cjs']) {
      fs.mkdirSync(path.dirname(path.join(top, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(top, file));
    }
    const csv = path.join(top, 'small.csv');
    fs.writeFileSync(csv, 'サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日\r\n300000001,SPK-1,SN1,PC-1,2026/4/1\r\n');
    const bin = path.join(top, 'bin/packreg.js');
    const version = spawnSync(process.execPath, [...PRODUCT_FLAGS, bin, '-V'], { env: cliEnv({}), encoding: 'utf8' });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const inspect = spawnSync(process.execPath, [...PRODUCT_FLAGS, bin, 'inspect', csv, '--json'], { env: cliEnv({}), encoding: 'utf8' });
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain('SPK-1');
    expect(fs.readdirSync(path.join(top, 'dist/bundle/cache')).map((name) => name.replace(/-.*/, '')).sort()).toEqual(['help', 'inspect']);
  });
});
