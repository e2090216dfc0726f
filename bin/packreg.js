#!/usr/bin/env -S node --max-semi-space-size=16
// --max-semi-space-size=16 (MB): Node 24's V8 lets the young generation grow to 64 MB semi-spaces
// on a machine with a lot of memory — ≈ 100 MB more peak RSS for an import, for no CPU gain
// (BENCHMARKS.md, docs/operations.md). V8 reads it once, at start; the other flags packreg runs
// with (old-generation growth, WebAssembly on the baseline compiler for the embedded database) are
// set by each command as it opens its database (src/tuneV8.ts): on this line they cost every
// command ≈ 20 ms, Node's built-in modules compiled anew (their cached code is rejected under such
// flags). The Dockerfile's ENTRYPOINT passes the same flag; started as `node bin/packreg.js`, give
// it yourself.
// The CLI runs bundled from dist/bundle/ (built by `npm run build`, which `npm ci` runs through
// `prepare`: tsc, then scripts/bundleCli.mjs — one file per command instead of hundreds of
// modules), compiled with V8's code cache of an earlier run (src/cli/loadCli.ts). Node ≥ 22.1
// keeps the compiled code of the modules it loads from node_modules (PGlite, fastify, exceljs) in
// a cache of its own (os.tmpdir()). A cache that cannot be written is silently not used.
import module from 'node:module';
module.enableCompileCache?.();
const { loadCli } = await import('../dist/src/cli/loadCli.js');
// The environment is handed over for the language of --help and usage errors (src/cli/main.ts).
await loadCli(`${import.meta.dirname}/../dist/bundle`, process.argv).main(process.argv, process.env);
