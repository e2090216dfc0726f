import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** `>=22.18` → [22, 18]: the one form package.json's engines uses. */
async function enginesMinimum(): Promise<[number, number]> {
  const pkg = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const m = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node);
  if (!m) throw new Error(`engines.node is not of the form >=MAJOR.MINOR: ${pkg.engines.node}`);
  return [Number(m[1]), Number(m[2])];
}

function versionOf(v: string): [number, number] {
  const [major, minor] = v.replace(/^v/, '').split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

describe('the Node the suite runs on (issue 18: Node 20 is end of life)', () => {
  it('satisfies package.json engines', async () => {
    const [minMajor, minMinor] = await enginesMinimum();
    const [major, minor] = versionOf(process.version);
    expect(major > minMajor || (major === minMajor && minor >= minMinor), `${process.version} < ${minMajor}.${minMinor}`).toBe(true);
  });

  it('is the `node` on PATH too, which `npx packreg` and bin/packreg.js (#!/usr/bin/env node) start', async () => {
    // The tests spawn the CLI with process.execPath, but `npx` and the bin's shebang find `node`
    // on PATH: on a machine whose own node is older, PATH must lead to the same Node (.ci/run).
    const { stdout } = await run('node', ['-p', 'process.version'], { env: process.env });
    expect(stdout.trim()).toBe(process.version);
  });
});
