import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSampled } from './backendCpu.js';
import { generateData } from './generateData.js';
import { PRODUCT_FLAGS } from './productFlags.js';
import { benchLists } from './lists.js';
import { benchStartup } from './startup.js';

/**
 * `npm run bench [-- --quick] [-- --generate] [-- --write] [-- --sizes=N,M] [-- --only=xlsx]`: every
 * figure beside its baseline, measured in the same run on the same file, each case in a process of
 * its own (its peak RSS). `--only=xlsx` runs the XLSX ingest and its baseline alone (no database);
 * `--only=startup` the start-up cases (bench/startup.ts); `--only=lists` the reseller lists beside a
 * million registrations built in SQL (bench/lists.ts); `--only=import` the \\copy baseline and the
 * database cases (dry run, import, re-import, re-import with every report, PGlite), each with the
 * CPU seconds of node and of the PostgreSQL backends (bench/backendCpu.ts).
 */
const args = new Set(process.argv.slice(2));
execFileSync('npm', ['run', 'build'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
const quick = args.has('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
const sizes = sizesArg
  ? sizesArg.slice('--sizes='.length).split(',').map(Number)
  : quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const dataDir = path.resolve(import.meta.dirname, 'data');
const adminUrl = process.env.PACKREG_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
/** Processes per side-effect-free case (median reported). */
const RUNS = 3;
const PGLITE_MAX = 100_000;

interface Result {
  case: string;
  rows: number;
  seconds: number;
  /** CPU seconds of the case's own process (null for cases run by other programs). */
  cpuSeconds: number | null;
  /** CPU seconds of the PostgreSQL backends serving the case (null: none, or PGlite inside node). */
  backendCpuSeconds: number | null;
  rssMb: number | null;
  baseline: string | null;
}
const results: Result[] = [];

function dbUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function psql(url: string, ...commands: string[]): void {
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', url, ...commands.flatMap((c) => ['-c', c])], { stdio: ['ignore', 'ignore', 'inherit'] });
}

interface CaseResult { rows: number; ms: number; cpuMs: number; rssMb: number; backendCpuMs: number | null }

async function runCase(kind: string, file: string, env: Record<string, string> = {}): Promise<CaseResult> {
  // Compiled JavaScript (npm run build), not tsx: a TypeScript loader would add its own memory
  // to every case's peak RSS. A case on PostgreSQL has its backends' CPU sampled (bench/backendCpu.ts).
  const database = env.DATABASE_URL ? new URL(env.DATABASE_URL).pathname.slice(1) : null;
  const result = await runSampled(process.execPath, [...PRODUCT_FLAGS, path.resolve(import.meta.dirname, '../dist/bench/case.js'), kind, file], {
    // A realistic million-row file is ~170 MB: over the SPEC's default 50 MB upload limit, which
    // the benchmark lifts (the row limit, 1,000,000, stays).
    ...process.env, PACKREG_TODAY: '2026-11-25', PACKREG_LOG_LEVEL: 'warn', PACKREG_MAX_FILE_MB: '1024', ...env,
  }, database);
  if (result.status !== 0) throw new Error(`${kind} failed: ${result.stderr}`);
  return { ...JSON.parse(result.stdout.trim().split('\n').pop()!), backendCpuMs: result.backendCpuMs };
}

function cli(args: string[], env: Record<string, string>): void {
  const r = spawnSync(process.execPath, [...PRODUCT_FLAGS, path.resolve(import.meta.dirname, '../bin/packreg.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packreg ${args.join(' ')} failed: ${r.stderr}`);
}

function record(name: string, rows: number, ms: number, rssMb: number | null, baseline: string | null, cpuMs: number | null = null, backendCpuMs: number | null = null): void {
  results.push({ case: name, rows, seconds: ms / 1000, cpuSeconds: cpuMs === null ? null : cpuMs / 1000, backendCpuSeconds: backendCpuMs === null ? null : backendCpuMs / 1000, rssMb, baseline });
  const cpu = cpuMs === null ? '' : ` (cpu ${(cpuMs / 1000).toFixed(2)} s${backendCpuMs === null ? '' : ` + backend ${(backendCpuMs / 1000).toFixed(2)} s`})`;
  const line = `${name.padEnd(34)} ${String(rows).padStart(9)} ${(ms / 1000).toFixed(2).padStart(8)} s${cpu} ${rssMb === null ? '' : `${rssMb.toFixed(0).padStart(6)} MB`}`;
  process.stderr.write(`${line}\n`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `runs` > 1 for cases that change nothing (parsing, ingest): the median wall time and the median
 * peak RSS of that many processes. A single peak RSS depends on when V8 happens to collect (the
 * same XLSX ingest peaked anywhere from 260 to 350 MB), and the memory targets are ratios of peaks.
 */
async function measure(name: string, kind: string, file: string, baseline: string | null, env: Record<string, string> = {}, runs = 1): Promise<void> {
  const rs: CaseResult[] = [];
  for (let i = 0; i < runs; i += 1) rs.push(await runCase(kind, file, env));
  const backend = rs[0]!.backendCpuMs === null ? null : median(rs.map((r) => r.backendCpuMs ?? 0));
  record(name, rs[0]!.rows, median(rs.map((r) => r.ms)), median(rs.map((r) => r.rssMb)), baseline, median(rs.map((r) => r.cpuMs)), backend);
}

// Start-up first (issue 19): it needs no generated data, and `--only=startup` runs it alone.
if (only === null || only === 'startup') await benchStartup(record, adminUrl, psql);
// The reseller lists (issue 20): data built in SQL, so no generated files are needed either.
if (only === null || only === 'lists') {
  const lines = await benchLists(record, adminUrl, psql, dbUrl);
  process.stderr.write(`${[lines[0], '', '| query | rows answered | median ms | max ms |', '|---|---:|---:|---:|', ...lines.slice(1)].join('\n')}\n`);
}

for (const rows of only === 'startup' || only === 'lists' ? [] : sizes) {
  const base = path.join(dataDir, String(rows));
  if (args.has('--generate') || !['upload.csv', 'upload-cp932.csv', 'upload.xlsx'].every((f) => fs.existsSync(path.join(base, f)))) {
    process.stderr.write(`generating ${rows} rows in ${base}\n`);
    await generateData(dataDir, rows);
  }
  const csv = path.join(base, 'upload.csv');
  const cp932 = path.join(base, 'upload-cp932.csv');
  const xlsx = path.join(base, 'upload.xlsx');
  const label = (s: string) => `${s} ${rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1000}k`}`;
  if (only === 'xlsx') {
    await measure(label('exceljs streaming reader'), 'exceljs-stream', xlsx, null, {}, RUNS);
    await measure(label('packreg XLSX reader alone'), 'xlsx-reader', xlsx, label('exceljs streaming reader'), {}, RUNS);
    await measure(label('ingest XLSX'), 'ingest', xlsx, label('exceljs streaming reader'), {}, RUNS);
    continue;
  }

  // Baselines.
  // `--only=import`: the \copy baseline and the database cases alone (issue 19's data plane).
  const ingestCases = only !== 'import';
  if (ingestCases) {
    await measure(label('csv-parse alone'), 'csv-parse', csv, null, {}, RUNS);
    await measure(label('exceljs streaming reader'), 'exceljs-stream', xlsx, null, {}, RUNS);
  }
  const db = `packreg_bench_${rows}`;
  psql(adminUrl, `drop database if exists ${db}`, `create database ${db}`);
  const url = dbUrl(db);
  psql(url, 'create table plain (support_id text, pack_model text, pack_serial text, product_model text, product_serial text, service_start text, service_end text, site_name text, postal_code text, address text, building text, phone text, options text, label_recipient text, remarks text)', 'create unique index on plain (pack_serial)');
  // The median of RUNS loads into the emptied table: one \copy varied from 2.1 to 3.4 s at 1M.
  const copies: Array<{ ms: number; backendMs: number }> = [];
  for (let i = 0; i < RUNS; i += 1) {
    psql(url, 'truncate plain');
    const started = performance.now();
    const copied = await runSampled('psql', ['-q', '-v', 'ON_ERROR_STOP=1', url, '-c', `\\copy plain from '${csv}' with (format csv, header true)`], process.env, db);
    if (copied.status !== 0) throw new Error(`\\copy failed: ${copied.stderr}`);
    copies.push({ ms: performance.now() - started, backendMs: copied.backendCpuMs ?? 0 });
  }
  record(label('psql \\copy (baseline)'), rows, median(copies.map((c) => c.ms)), null, null, null, median(copies.map((c) => c.backendMs)));

  // packreg on PostgreSQL.
  cli(['migrate'], { DATABASE_URL: url });
  cli(['reference', 'load', path.join(base, 'reference')], { DATABASE_URL: url });
  if (ingestCases) {
    await measure(label('ingest CSV UTF-8'), 'ingest', csv, label('csv-parse alone'), {}, RUNS);
    await measure(label('ingest CSV CP932'), 'ingest', cp932, label('csv-parse alone'), {}, RUNS);
    await measure(label('packreg XLSX reader alone'), 'xlsx-reader', xlsx, label('exceljs streaming reader'), {}, RUNS);
    await measure(label('ingest XLSX'), 'ingest', xlsx, label('exceljs streaming reader'), {}, RUNS);
  }
  // Issue 19's ratios are all to \copy of the same file in the same run.
  await measure(label('validation (dry run), PostgreSQL'), 'dry-run', csv, label('psql \\copy (baseline)'), { DATABASE_URL: url });
  await measure(label('import, PostgreSQL'), 'import', csv, label('psql \\copy (baseline)'), { DATABASE_URL: url });
  await measure(label('re-import, PostgreSQL'), 'import', csv, label('psql \\copy (baseline)'), { DATABASE_URL: url });
  // The CLI with a JSON, a CSV and an XLSX report and a rejects file (peak RSS target, issue 19).
  await measure(label('re-import + 3 reports + rejects'), 'import-reports', csv, label('psql \\copy (baseline)'), { DATABASE_URL: url });
  psql(adminUrl, `drop database if exists ${db}`);

  if (rows <= PGLITE_MAX && !args.has('--no-pglite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-bench-'));
    const env = { DATABASE_URL: '', PACKREG_DATA_DIR: dir };
    cli(['reference', 'load', path.join(base, 'reference')], env);
    await measure(label('import, PGlite'), 'import', csv, label('import, PostgreSQL'), env);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const byName = new Map(results.map((r) => [r.case, r]));
const lines = [
  '| case | rows | wall s | cpu s node | cpu s backend | rows/s | peak RSS MB | ratio to baseline |',
  '|---|---:|---:|---:|---:|---:|---:|---|',
  ...results.map((r) => {
    const base = r.baseline ? byName.get(r.baseline) : undefined;
    const cpuRatio = base && r.cpuSeconds !== null && base.cpuSeconds !== null ? ` (cpu ${(r.cpuSeconds / base.cpuSeconds).toFixed(2)}×)` : '';
    const ratio = base ? `${(r.seconds / base.seconds).toFixed(2)}×${cpuRatio} ${r.baseline}` : '(baseline)';
    return `| ${r.case} | ${r.rows} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds === null ? '–' : r.cpuSeconds.toFixed(2)} | ${r.backendCpuSeconds === null ? '–' : r.backendCpuSeconds.toFixed(2)} | ${Math.round(r.rows / r.seconds)} | ${r.rssMb === null ? '–' : r.rssMb.toFixed(0)} | ${ratio} |`;
  }),
];
// Linearity (issue 19: 100k → 1M within 11×), each database case at the largest size against
// the same case at 100k.
const largest = Math.max(...sizes);
if (sizes.includes(100_000) && largest > 100_000) {
  const at = (rows: number) => results.filter((r) => r.rows === rows);
  for (const big of at(largest)) {
    const small = at(100_000).find((r) => r.case.replace(/ \S+$/, '') === big.case.replace(/ \S+$/, ''));
    if (small && /PostgreSQL|reports/.test(big.case)) lines.push(`- linearity ${big.case.replace(/ \S+$/, '')}: ${(big.seconds / small.seconds).toFixed(2)}× wall for ${largest / 100_000}× rows`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
if (args.has('--write') && only === null) {
  const settings = execFileSync('psql', ['-At', adminUrl, '-c', "select string_agg(name || '=' || current_setting(name), ', ' order by name) from pg_settings where name in ('shared_buffers', 'max_wal_size', 'work_mem', 'synchronous_commit')"]).toString().trim();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${execFileSync('psql', ['--version']).toString().trim()} (${settings})`;
  fs.writeFileSync(path.resolve(import.meta.dirname, 'latest.md'), `Run ${new Date().toISOString()} on ${machine}\n\n${lines.join('\n')}\n`);
}
