import fs from 'node:fs';

/**
 * One benchmark case in a process of its own, so its peak RSS is its own (modules are imported
 * per case, so a baseline does not carry packreg's dependencies). Prints
 * `{ rows, ms, cpuMs, rssMb }` as JSON on stdout.
 */
const [kind, file] = process.argv.slice(2) as [string, string];
// The V8 flags a packreg command sets as it opens its database (src/tuneV8.ts), for every case alike.
(await import('../src/tuneV8.js')).tuneV8();

async function run(): Promise<number> {
  switch (kind) {
    case 'csv-parse': {
      const { parse } = await import('csv-parse');
      let n = 0;
      for await (const _ of fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) n += 1;
      return n - 1;
    }
    case 'exceljs-stream': {
      const { default: ExcelJS } = await import('exceljs');
      let n = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore' });
      for await (const sheet of reader) for await (const _ of sheet) n += 1;
      return n - 1;
    }
    case 'xlsx-reader': {
      // packreg's XLSX reader alone (rows as text, no header mapping or normalisation): the
      // like-for-like figure beside exceljs's bare reader.
      const { loadConfig } = await import('../src/config.js');
      const { openXlsx } = await import('../src/ingest/readXlsx.js');
      const workbook = await openXlsx(file, loadConfig().limits);
      let n = 0;
      const { rows } = workbook.openSheet(workbook.sheets[0]!);
      for (let next = await rows.next(); !next.done; next = await rows.next()) n += next.value.length;
      workbook.close();
      return n - 1;
    }
    case 'ingest': {
      const { loadConfig } = await import('../src/config.js');
      const { openIngest } = await import('../src/ingest/openIngest.js');
      const ingest = await openIngest(file, { limits: loadConfig().limits });
      let n = 0;
      for await (const chunk of ingest.rows) n += chunk.length;
      return n;
    }
    case 'dry-run':
    case 'import': {
      const { loadConfig } = await import('../src/config.js');
      const { makeLogger } = await import('../src/log.js');
      const { openDatabase } = await import('../src/db/openDatabase.js');
      const { importFile } = await import('../src/import.js');
      const { systemClock } = await import('../src/clock.js');
      const config = loadConfig();
      const log = makeLogger(process.env.PACKREG_LOG_LEVEL ?? 'warn');
      const db = await openDatabase(config, log);
      try {
        const outcome = await importFile({ config, db, log, clock: systemClock }, { path: file, resellerCode: 'RS001', dryRun: kind === 'dry-run' });
        const bad = outcome.summary.rejected + outcome.summary.held;
        if (bad > 0) throw new Error(`benchmark file has ${bad} rejected or held rows`);
        return outcome.summary.rows;
      } finally {
        await db.close();
      }
    }
    case 'import-reports': {
      // The CLI in this process, as a reseller runs it: the import, then a JSON, a CSV and an XLSX
      // report and a rejects file (issue 19: peak RSS with every report asked for).
      const os = await import('node:os');
      const path = await import('node:path');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-bench-reports-'));
      try {
        const { run: runCli } = await import('../src/cli/main.js');
        const reports = ['r.json', 'r.csv', 'r.xlsx'].flatMap((name) => ['--report', path.join(dir, name)]);
        const out = process.stdout.write.bind(process.stdout);
        process.stdout.write = (() => true) as typeof process.stdout.write; // the CLI's summary is not the case's answer
        let code: number;
        try {
          code = await runCli(['node', 'packreg', 'import', file, '--reseller', 'RS001', ...reports, '--rejects', path.join(dir, 'rejects.xlsx'), '--json'], {});
        } finally {
          process.stdout.write = out;
        }
        if (code !== 0) throw new Error(`packreg import exited ${code}`);
        // Rows of the CSV report, counted through one reused buffer. Not a read stream: its 64 KB
        // chunks are external memory that V8 collects only after ≈ 64 MB of them, and counting a
        // 1M-row report that way put 40+ MB on the case's peak RSS (254 MB, against ≤ 212 MB
        // while packreg wrote the reports: an RSS sampler in the 1M run). The generated data has
        // no line break inside a cell.
        let lines = 0;
        const buffer = Buffer.alloc(1024 * 1024);
        const fd = fs.openSync(path.join(dir, 'r.csv'), 'r');
        try {
          for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) {
            const read = buffer.subarray(0, n);
            for (let at = read.indexOf(10); at !== -1; at = read.indexOf(10, at + 1)) lines += 1;
          }
        } finally {
          fs.closeSync(fd);
        }
        return lines - 1;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    default:
      throw new Error(`unknown case ${kind}`);
  }
}

/**
 * This process's own peak RSS in MB. Not `process.resourceUsage().maxRSS`: Linux carries the
 * high-water mark across fork and exec, so a case spawned by a bench process that had grown to
 * 680 MB (writing the million-row XLSX) reported 680 MB for every case. VmHWM belongs to the
 * process's own address space, which exec replaces.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const started = performance.now();
const cpuBefore = process.cpuUsage();
const rows = await run();
const ms = performance.now() - started;
// CPU time of this process (all its threads: GC, zlib): on a shared machine wall time also counts
// the other processes' turns, CPU time much less so.
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: peakRssMb() })}\n`);
