import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runSampled } from './backendCpu.js';

/**
 * `node --import tsx bench/measureImport.ts CHECKOUT DATA_DIR ROWS`: dry run, import and re-import
 * of DATA_DIR/ROWS/upload.csv with CHECKOUT's compiled code (dist/), each beside a `\copy` of the
 * same file, with the node / backend CPU split. For A/B rounds of one change against another
 * checkout (BENCHMARKS.md, issue 19); `npm run bench` is the full benchmark.
 */
const [checkout, dataDir, rowsArg] = process.argv.slice(2) as [string, string, string];
const base = path.join(dataDir, rowsArg);
const csv = path.join(base, 'upload.csv');
const admin = process.env.PACKREG_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const db = `packreg_measure_${rowsArg}`;
const url = Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
const psql = (u: string, ...c: string[]) => execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', u, ...c.flatMap((x) => ['-c', x])], { stdio: ['ignore', 'ignore', 'inherit'] });
const env = { ...process.env, DATABASE_URL: url, PACKREG_TODAY: '2026-11-25', PACKREG_LOG_LEVEL: 'warn', PACKREG_MAX_FILE_MB: '1024' };

psql(admin, `drop database if exists ${db}`, `create database ${db}`);
execFileSync(process.execPath, [path.join(checkout, 'bin/packreg.js'), 'migrate'], { env, stdio: 'ignore' });
execFileSync(process.execPath, [path.join(checkout, 'bin/packreg.js'), 'reference', 'load', path.join(base, 'reference')], { env, stdio: 'ignore' });
psql(url, 'create table plain (support_id text, pack_model text, pack_serial text, product_model text, product_serial text, service_start text, service_end text, site_name text, postal_code text, address text, building text, phone text, options text, label_recipient text, remarks text)', 'create unique index on plain (pack_serial)');
const copy = async () => {
  psql(url, 'truncate plain');
  const t = performance.now();
  const r = await runSampled('psql', ['-q', url, '-c', `\\copy plain from '${csv}' with (format csv, header true)`], env, db);
  return { ms: performance.now() - t, backend: r.backendCpuMs ?? 0 };
};
const out: string[] = [];
for (const kind of ['dry-run', 'import', 'import'] as const) {
  const c = await copy();
  const t = performance.now();
  const r = await runSampled(process.execPath, [path.join(checkout, 'dist/bench/case.js'), kind, csv], env, db);
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number; rssMb: number };
  const wall = performance.now() - t;
  out.push(`${kind.padEnd(8)} wall ${(m.ms / 1000).toFixed(2)} s = ${(m.ms / c.ms).toFixed(1)}× \\copy (${(c.ms / 1000).toFixed(2)} s) | cpu node ${(m.cpuMs / 1000).toFixed(2)} + backend ${((r.backendCpuMs ?? 0) / 1000).toFixed(2)} s | rss ${m.rssMb.toFixed(0)} MB | process ${(wall / 1000).toFixed(2)} s`);
  process.stderr.write(`${out.at(-1)}\n`);
}
psql(admin, `drop database if exists ${db}`);
process.stdout.write(`${out.join('\n')}\n`);
