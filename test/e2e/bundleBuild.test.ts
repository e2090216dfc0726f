import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRODUCT_FLAGS } from '../../bench/productFlags.js';
import { cliEnv } from '../helpers/runCli.js';

/**
 * `npx packreg` runs the package's `prepare` (the build) the first time it runs a checkout: in
 * CI that came in the middle of the suite, while other tests started commands (CI on 8723771:
 * the build failed, `dist/bundle/cache` made again by a command's exit under it, and a command
 * started meanwhile would find no bundle). The build runs here in a copy of the project of its
 * own, with `packreg --help` started over and over while it runs.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const top = fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-build-'));
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));

describe('building the bundles while commands run', () => {
  it('every command started meanwhile runs on the old bundles or the new ones; the build succeeds', async () => {
    for (const entry of ['package.json', 'bin', 'scripts', 'dist/src', 'dist/migrations']) fs.cpSync(path.join(ROOT, entry), path.join(top, entry), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(top, 'node_modules'));
    const build = () => spawn(process.execPath, ['scripts/bundleCli.mjs'], { cwd: top, stdio: ['ignore', 'ignore', 'pipe'] });
    const finished = (child: ReturnType<typeof build>) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    expect(await finished(build())).toEqual({ code: 0, stderr: '' });

    const rebuild = build();
    const done = finished(rebuild);
    const runs: Array<{ status: number | null; stdout: string; stderr: string }> = [];
    while (rebuild.exitCode === null) {
      runs.push(spawnSync(process.execPath, [...PRODUCT_FLAGS, path.join(top, 'bin/packreg.js'), '--help'], { env: cliEnv({ PACKREG_LANG: 'en' }), encoding: 'utf8' }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toEqual({ code: 0, stderr: '' });
    expect(runs.length).toBeGreaterThan(3);
    for (const run of runs) {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('Usage: packreg');
    }
    expect(fs.readdirSync(path.join(top, 'dist')).sort()).toEqual(['bundle', 'migrations', 'src']);
  }, 180_000);
});
