import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Hostile files, generated here, each run through the whole ingest and the row checks in a child
 * process (test/reliability/ingestProbe.ts): each must end normally, in its file-level code or
 * with its row-level codes, within SPEC §6's limits. Two bounds watch the child: a V8 heap of
 * 96 MB where given, and always an RSS watchdog that polls /proc/<pid>/status and kills the child
 * past 300 MB of resident memory (SPEC §6's budget) — buffers outside the V8 heap (inflaters,
 * shared strings) count there, so a file that tried to exhaust memory fails the test either way.
 */
export const HEAP_MB = 96;
export const RSS_MB = 300;

export interface Probe {
  code: string | null;
  /** What a FILE_LIMITS exceeded, in English. */
  what: string | null;
  rows: number;
  codes: Record<string, number[]>;
  headers: number;
  warnings: string[];
  protoPolluted: boolean;
  peakHeapMb: number;
  /** The highest of the watchdog's samples and the child's own VmHWM. */
  peakRssMb: number;
}

export type ProbeFile = (name: string, content: Buffer | string, env?: Record<string, string>, heapMb?: number | null) => Promise<Probe>;

/**
 * A probe for one test file: files go to a temp dir removed after the file; three children at
 * most at once. `heapMb: null` runs the child without a heap cap, bounded by the RSS watchdog alone.
 */
export function useProbe(): ProbeFile {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-hostile-'));
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));
  const limit = pLimit(3);
  return async function probe(name, content, env = {}, heapMb = HEAP_MB) {
    const file = path.join(dir, name);
    await fs.writeFile(file, content);
    return limit(async () => {
      const heap = heapMb === null ? [] : [`--max-old-space-size=${heapMb}`];
      const { stdout, peakRssMb } = await runWatched([...heap, '--import', 'tsx', path.join(import.meta.dirname, 'ingestProbe.ts'), file], { ...process.env, ...env });
      const result = JSON.parse(stdout) as Probe;
      result.peakRssMb = Math.max(result.peakRssMb ?? 0, peakRssMb);
      expect(result.protoPolluted).toBe(false);
      if (heapMb !== null) expect(result.peakHeapMb).toBeLessThan(heapMb);
      expect(result.peakRssMb).toBeLessThan(RSS_MB);
      if (process.env.PACKREG_TEST_VERBOSE) process.stderr.write(`${name}: ${result.code ?? `${result.rows} rows`}, peak RSS ${result.peakRssMb} MB\n`);
      return result;
    });
  };
}

/**
 * Run node with `args`, sampling its RSS every 10 ms and killing it past RSS_MB. An exit code
 * outside `exitCodes` rejects (the CLI exits 1 when some row is rejected: a run may accept that).
 */
export function runWatched(args: string[], env: NodeJS.ProcessEnv, exitCodes: readonly number[] = [0]): Promise<{ stdout: string; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let killedFor: string | null = null;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString().slice(0, 4000)));
    const sample = () => {
      try {
        const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (rss) peak = Math.max(peak, Number(rss[1]) / 1024);
      } catch {
        return; // exited between two samples
      }
      if (peak > RSS_MB && !killedFor) {
        killedFor = `RSS ${Math.round(peak)} MB past the ${RSS_MB} MB budget`;
        child.kill('SIGKILL');
      }
    };
    const watchdog = setInterval(sample, 10);
    const deadline = setTimeout(() => {
      killedFor ??= 'no answer within 120 s';
      child.kill('SIGKILL');
    }, 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watchdog);
      clearTimeout(deadline);
      if (killedFor) reject(new Error(`probe killed: ${killedFor}`));
      else if (code === null || !exitCodes.includes(code)) reject(new Error(`probe exited ${code}: ${stderr}`));
      else resolve({ stdout, peakRssMb: Math.round(peak) });
    });
  });
}

