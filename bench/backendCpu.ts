import { spawn } from 'node:child_process';
import fs from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ: 100 on Linux

/** utime + stime of a process, in ms (fields 14 and 15 of /proc/PID/stat), or null once it is gone. */
function cpuMsOf(pid: string): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL backends serving `database` on this machine, found by their process titles
 * (`postgres: … root DATABASE 127.0.0.1(…) …`): no connection of the sampler's own, so it adds
 * nothing to what it measures.
 */
function backendsOf(database: string): string[] {
  const pids: string[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) pids.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export interface Measured {
  readonly stdout: string;
  readonly status: number | null;
  readonly stderr: string;
  /** CPU ms of the database's backends while the command ran (sampled: the last ≤ 100 ms of a backend that ends is missed). */
  readonly backendCpuMs: number | null;
}

/**
 * Run a command while sampling the CPU time of `database`'s backends every 100 ms (issue 19: the
 * CPU-second split between node and the server). Only the benchmark's own processes use the
 * benchmark database, so its backends' CPU is the case's server-side cost. `database` null: not
 * sampled (PGlite runs its server inside node).
 */
export async function runSampled(command: string, args: string[], env: NodeJS.ProcessEnv, database: string | null): Promise<Measured> {
  const seen = new Map<string, { first: number; last: number }>();
  const before = new Set(database ? backendsOf(database) : []);
  const sample = () => {
    if (!database) return;
    for (const pid of backendsOf(database)) {
      const ms = cpuMsOf(pid);
      if (ms === null) continue;
      const s = seen.get(pid);
      // A backend that was already there (none should be) counts only from now on.
      if (s) s.last = ms;
      else seen.set(pid, { first: before.has(pid) ? ms : 0, last: ms });
    }
  };
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const timer = setInterval(sample, 100);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(timer);
  sample();
  const backendCpuMs = database ? [...seen.values()].reduce((sum, s) => sum + s.last - s.first, 0) : null;
  return { stdout, status, stderr, backendCpuMs };
}
