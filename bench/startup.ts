import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENERATIONS } from '../src/cli/loadCli.js';
import { PRODUCT_FLAGS } from './productFlags.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/packreg.js');
/** Runs per case; the median is reported (start-up times on a shared machine scatter). */
const RUNS = 7;

type Record = (name: string, rows: number, ms: number, rssMb: number | null, baseline: string | null) => void;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of one process, from spawn to exit. */
function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  // packreg as installed: with the V8 flags of its #! line (bench/productFlags.ts).
  const r = spawnSync(process.execPath, args[0] === BIN ? [...PRODUCT_FLAGS, ...args] : args, { env, encoding: 'utf8', cwd: ROOT });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * The median of RUNS processes, after those that are not counted: the first runs of a command
 * after a build write its code cache (src/cli/loadCli.ts), which every later run of it reads.
 */
function sampled(args: string[], env: NodeJS.ProcessEnv): number {
  for (let i = 0; i < GENERATIONS; i++) timed(args, env);
  return median(Array.from({ length: RUNS }, () => timed(args, env)));
}

/**
 * Start-up, paid by every command and every small file (issue 19), as ratios to `node -e 0` in
 * the same run: `--help` (target ≤ 2.5×), `inspect` of a 7-row CSV (≤ 3×), a 7-row dry-run import
 * on PostgreSQL (≤ 5×); and an HTTP upload of the 60-row demo file answered with its finished
 * report by a warm server (≤ 0.3 s).
 */
export async function benchStartup(record: Record, adminUrl: string, psql: (url: string, ...commands: string[]) => void): Promise<void> {
  const env = { ...process.env, DATABASE_URL: '', PACKREG_TODAY: '2026-11-25', PACKREG_LOG_LEVEL: 'warn' };
  const small = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-bench-startup-')), 'small.csv');
  const demo = fs.readFileSync(path.join(ROOT, 'fixtures/uploads/demo-cp932.csv'));
  // The demo file's header and its first 7 rows (CP932 bytes, split on CRLF).
  fs.writeFileSync(small, Buffer.concat(splitLines(demo).slice(0, 8).map((line) => Buffer.concat([line, Buffer.from('\r\n')]))));

  const node = sampled(['-e', '0'], env);
  record('node -e 0 (baseline)', 0, node, null, null);
  record('packreg --help', 0, sampled([BIN, '--help'], env), null, 'node -e 0 (baseline)');
  record('packreg inspect, 7-row CSV', 7, sampled([BIN, 'inspect', small], env), null, 'node -e 0 (baseline)');

  const db = 'packreg_bench_startup';
  psql(adminUrl, `drop database if exists ${db}`, `create database ${db}`);
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  const pg = { ...env, DATABASE_URL: url.toString() };
  timed([BIN, 'migrate'], pg);
  timed([BIN, 'reference', 'load', path.join(ROOT, 'fixtures/reference')], pg);
  record('packreg import --dry-run, 7 rows, PostgreSQL', 7,
    sampled([BIN, 'import', small, '--reseller', 'RS001', '--dry-run', '--quiet'], pg), null, 'node -e 0 (baseline)');

  // The README's main job runs on the embedded database: the same dry run there (no target; its
  // start-up is PGlite's, BENCHMARKS.md tenth round).
  const embedded = { ...env, PACKREG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-bench-embedded-')) };
  try {
    timed([BIN, 'reference', 'load', path.join(ROOT, 'fixtures/reference')], embedded);
    record('packreg import --dry-run, 7 rows, embedded', 7,
      sampled([BIN, 'import', small, '--reseller', 'RS001', '--dry-run', '--quiet'], embedded), null, 'node -e 0 (baseline)');
  } finally {
    fs.rmSync(embedded.PACKREG_DATA_DIR, { recursive: true, force: true });
  }

  const token = spawnSync(process.execPath, [BIN, 'token', 'create', '--reseller', 'RS001'], { env: pg, encoding: 'utf8' }).stdout.trim();
  const server = spawn(process.execPath, [...PRODUCT_FLAGS, BIN, 'serve', '--port', '0', '--json'], { env: pg, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{"url"'));
        if (line) resolve((JSON.parse(line) as { url: string }).url.replace(/\/$/, ''));
      });
      server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const auth = { authorization: `Bearer ${token}` };
    const upload = async (): Promise<number> => {
      const started = performance.now();
      const res = await fetch(`${base}/v1/imports?fileName=demo.csv`, { method: 'POST', body: demo, headers: { ...auth, 'content-type': 'text/csv' } });
      const { id } = (await res.json()) as { id: string };
      for (;;) {
        const status = (await (await fetch(`${base}/v1/imports/${id}`, { headers: auth })).json()) as { status: string };
        if (status.status === 'finished' || status.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await (await fetch(`${base}/v1/imports/${id}/report.json`, { headers: auth })).text();
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i += 1) await upload(); // warm: the first registers, the rest re-import
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) times.push(await upload());
    record('HTTP upload → finished report, 60 rows, warm server', 60, median(times), null, null);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    psql(adminUrl, `drop database if exists ${db} with (force)`);
  }
}

function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i += 1) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 2;
    }
  }
  return lines;
}
