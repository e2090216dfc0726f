import v8 from 'node:v8';

/**
 * V8 flags packreg sets when a command starts its work (bin/packreg.js's `#!` line gives node
 * only `--max-semi-space-size=16`, the young generation's bound, which V8 reads once at start).
 * Given on the command line these would cost every command ≈ 20 ms: Node's built-in modules
 * carry compiled code that V8 rejects when such flags differ from the ones it was made with, so
 * each built-in a command loads was compiled anew (issue 19; BENCHMARKS.md, twelfth round).
 * Set at run time they take effect for what follows, and the built-ins' code is kept.
 *
 * - `--heap-growing-percent=100`: after a full collection the old generation may grow to 2× what
 *   was live, not 4× (a large import's or report's peak memory; docs/operations.md).
 * - `--liftoff-only`: the embedded database's WebAssembly stays on V8's baseline compiler (no
 *   background recompilation that a process waits for at exit, half the peak memory). On the
 *   command line it implies the other two; at run time implications are not applied, and without
 *   them the optimising tier still runs (a 7-row embedded dry run 0.6 → 1.0 s, 294 → 690–900 MB).
 */
export function tuneV8(): void {
  v8.setFlagsFromString('--heap-growing-percent=100');
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--no-wasm-tier-up');
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
}
