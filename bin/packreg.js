#!/usr/bin/env -S node --max-semi-space-size=16 --heap-growing-percent=100 --liftoff-only
// --max-semi-space-size=16 (MB): Node 24's V8 lets the young generation grow to 64 MB semi-spaces
// on a machine with a lot of memory — ≈ 100 MB more peak RSS for an import, for no CPU gain
// (BENCHMARKS.md, docs/operations.md). --liftoff-only: the embedded database (PGlite, 9 MB of
// WebAssembly) runs on V8's baseline compiler only. With the optimising tier, V8 recompiles it on
// background threads, a process waits for them before it exits (1.1–1.5 s after a small import's
// last statement) and peaks at twice the memory; a 100k-row embedded import is ≈ 10 % slower
// without it (docs/operations.md). No other code of packreg is WebAssembly. The Dockerfile's
// ENTRYPOINT passes the same flags; started as `node bin/packreg.js`, give them yourself.
// The CLI runs bundled from dist/bundle/ (built by `npm run build`, which `npm ci` runs through
// `prepare`: tsc, then scripts/bundleCli.mjs — one file per command instead of hundreds of modules).
// Node ≥ 22.1 keeps the compiled code of every module it loads in a cache on disk (os.tmpdir()):
// a command's start-up then skips parsing and compiling (issue 19). A cache that cannot be
// written is silently not used.
import module from 'node:module';
module.enableCompileCache?.();
// The environment is handed over for the language of --help and usage errors (src/cli/main.ts).
import('../dist/bundle/cli/main.js').then((cli) => cli.main(process.argv, process.env));
