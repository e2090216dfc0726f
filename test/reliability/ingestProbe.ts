/**
 * Child-process probe for the hostile-file tests: runs the whole ingest and the row-alone checks
 * on one file (under a small heap, or none and an RSS watchdog: hostileFiles.test.ts), and prints one
 * JSON line: the file-level code, or the row count and each row-level code with its first rows.
 * Exit 0 whatever the file; anything else (a crash, out of memory) fails the test.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { isPackregError } from '../../src/domain/PackregError.js';
import { openIngest } from '../../src/ingest/openIngest.js';
import { checkRowAlone } from '../../src/rules/checkRowAlone.js';

const file = process.argv[2]!;
// Limits from the environment (PACKREG_MAX_ROWS…), as packreg itself reads them.
const config = loadConfig(process.env);
let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const timer = setInterval(sample, 5);
const codes: Record<string, number[]> = {};
let rows = 0;
let code: string | null = null;
/** What a FILE_LIMITS exceeded (its English text), so a test can tell one limit from another. */
let what: string | null = null;
let headers = 0;
let warnings: string[] = [];
let protoPolluted = false;
try {
  const ingest = await openIngest(file, { limits: config.limits });
  headers = ingest.facts.headers.length;
  warnings = ingest.facts.fileWarnings.map((w) => w.code);
  for await (const chunk of ingest.rows) {
    for (const row of chunk) {
      rows += 1;
      for (const finding of checkRowAlone(row)) {
        const list = (codes[`${finding.code}:${finding.field ?? ''}`] ??= []);
        if (list.length < 5) list.push(row.row);
      }
      if (rows % 500 === 0) sample();
    }
  }
} catch (error) {
  if (!isPackregError(error)) throw error; // a crash: the test sees a non-zero exit and the stack
  code = error.code;
  what = (error.params.what as { en?: string } | undefined)?.en ?? null;
}
// The process's own peak resident memory (heap, buffers, code): what the RSS budget is about.
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
protoPolluted = ({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'x');
sample();
clearInterval(timer);
process.stdout.write(`${JSON.stringify({ code, what, rows, codes, headers, warnings, protoPolluted, peakHeapMb: Math.round(peakHeap / 1048576), peakRssMb: hwm ? Math.round(Number(hwm[1]) / 1024) : null })}\n`);
