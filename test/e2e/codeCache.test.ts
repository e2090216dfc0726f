import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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
  it('is written by the first run and used, unchanged, by the next', () => {
    const dir = bundleDir();
    const first = run(dir, ['--help']);
    expect(first.status, first.stderr).toBe(0);
    const written = caches(dir);
    expect(written.map((c) => c.name)).toEqual([expect.stringMatching(/^help-v\d+\.\d+\.\d+-\w+-[0-9a-f]{8}\.bin$/)]);
    expect(written[0]!.size).toBeGreaterThan(10_000);

    const second = run(dir, ['--help']);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(caches(dir)).toEqual(written);
  });

  it('made by a command that sets V8 flags as it starts is accepted by the next run', () => {
    // V8 refuses a cache made under flags other than its own at start; every command sets some as
    // it starts (src/tuneV8.ts, before it opens its database), and the loader resets them before
    // it makes the cache. A refused cache is removed, so a changed file here means a refusal.
    const dir = bundleDir();
    const nowhere = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const first = run(dir, ['migrate', '--json'], nowhere);
    expect(first.stdout).toContain('DATABASE_UNAVAILABLE');
    const written = caches(dir);
    expect(written.map((c) => c.name)).toEqual([expect.stringMatching(/^migrate-/)]);

    for (let i = 0; i < 2; i++) {
      const again = run(dir, ['migrate', '--json'], nowhere);
      expect(again.status).toBe(first.status);
      expect(again.stdout).toBe(first.stdout);
      expect(caches(dir)).toEqual(written);
    }
  });

  it('that V8 refuses is removed, and the run after writes it anew', () => {
    const dir = bundleDir();
    expect(run(dir, ['--help']).status).toBe(0);
    const [cache] = caches(dir);
    const file = path.join(dir, 'cache', cache!.name);
    fs.writeFileSync(file, Buffer.alloc(cache!.size, 0x5a));

    const refused = run(dir, ['--help']);
    expect(refused.status, refused.stderr).toBe(0);
    expect(refused.stdout).toContain('Usage: packreg');
    expect(fs.existsSync(file)).toBe(false);

    expect(run(dir, ['--help']).status).toBe(0);
    expect(caches(dir)).toEqual([expect.objectContaining({ name: cache!.name })]);
    expect(fs.readFileSync(file).every((byte) => byte === 0x5a)).toBe(false);
  });

  it('is kept apart per node options (V8 refuses code made under other flags)', () => {
    const dir = bundleDir();
    expect(run(dir, ['--help']).status).toBe(0);
    const other = run(dir, ['--help'], {}, ['--max-old-space-size=300']);
    expect(other.status, other.stderr).toBe(0);
    expect(caches(dir)).toHaveLength(2);
  });
});
