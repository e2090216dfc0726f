import v8 from 'node:v8';

/**
 * V8 flags packreg sets as a command opens its database (src/db/openDatabase.ts; bin/packreg.js's
 * `#!` line gives node only `--max-semi-space-size=16`, the young generation's bound, which V8
 * reads once at start). Node's built-in modules carry compiled code that V8 rejects when the flags
 * differ from the ones it was made with: given on the command line these would cost every command
 * ≈ 20 ms, each built-in it loads compiled anew (issue 19; BENCHMARKS.md, twelfth round). Set at
 * run time they act on what follows, and only built-ins loaded after are compiled anew — so they
 * are set once the database driver and what it loads are there (thirteenth round).
 *
 * - `--heap-growing-percent=100`: after a full collection the old generation may grow to 2× what
 *   was live, not 4× (a large import's or report's peak memory; docs/operations.md).
 * - `--liftoff-only`: the embedded database's WebAssembly stays on V8's baseline compiler (no
 *   background recompilation that a process waits for at exit, half the peak memory). On the
 *   command line it implies the other two; at run time implications are not applied, and without
 *   them the optimising tier still runs (a 7-row embedded dry run 0.6 → 1.0 s, 294 → 690–900 MB).
 */
export function tuneV8(): void {
  for (const [flag] of TUNED) v8.setFlagsFromString(flag);
}

/**
 * V8's defaults again. V8 refuses code compiled under flags other than its own at start (the
 * command's code cache is made at exit: src/cli/loadCli.ts).
 */
export function untuneV8(): void {
  for (const [, reset] of TUNED) v8.setFlagsFromString(reset);
}

/** Each flag and its V8 default. */
const TUNED: ReadonlyArray<readonly [flag: string, reset: string]> = [
  ['--heap-growing-percent=100', '--heap-growing-percent=0'],
  ['--liftoff-only', '--no-liftoff-only'],
  ['--no-wasm-tier-up', '--wasm-tier-up'],
  ['--no-wasm-dynamic-tiering', '--wasm-dynamic-tiering'],
];
