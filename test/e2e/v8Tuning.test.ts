import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliArgv, cliEnv, runCli } from '../helpers/runCli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-v8-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `packreg ARGS` as installed, with the peak of its resident memory (VmHWM, sampled until it exits). */
function peakOf(args: string[], env: Record<string, string>): Promise<{ code: number | null; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgv(args), { env: cliEnv(env), stdio: 'ignore' });
    let peak = 0;
    const sample = () => {
      try {
        const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        // exited between two samples
      }
    };
    const watch = setInterval(sample, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, peakMb: Math.round(peak) });
    });
  });
}

/**
 * The `#!` line gives node only `--max-semi-space-size=16`; a command sets the rest at run time
 * as it opens its database (src/tuneV8.ts), where they cost no start-up. `--liftoff-only` alone is not enough then (its
 * implications are applied only at start): without `--no-wasm-tier-up` and
 * `--no-wasm-dynamic-tiering` the embedded database's WebAssembly is recompiled by the optimising
 * tier before the process exits, and a 7-row dry run peaks at 690–900 MB instead of ≈ 300 MB.
 */
describe('V8 flags set at run time', () => {
  it('a 7-row dry run on the embedded database keeps its WebAssembly on the baseline tier (peak memory)', { timeout: 180_000 }, async () => {
    const env = { PACKREG_DATA_DIR: path.join(dir, 'data') };
    expect((await runCli(['reference', 'load', path.join(ROOT, 'fixtures/reference')], env)).code).toBe(0);
    const small = path.join(dir, 'small.csv');
    // The demo file's header and first 7 rows, its CP932 bytes kept (latin1 maps byte to char).
    const demo = fs.readFileSync(path.join(ROOT, 'fixtures/uploads/demo-cp932.csv'), 'latin1').split('\r\n');
    fs.writeFileSync(small, `${demo.slice(0, 8).join('\r\n')}\r\n`, 'latin1');
    const { code, peakMb } = await peakOf(['import', small, '--reseller', 'RS001', '--dry-run', '--quiet'], env);
    expect(code).toBe(0);
    expect(peakMb).toBeLessThan(480);
  });
});
