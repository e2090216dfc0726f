// Bundle the compiled CLI (dist/src/cli/main.js, from tsc) into dist/bundle/cli/: what bin/packreg.js
// runs. Node spends most of a small command's start-up finding, reading and compiling modules — a
// 7-row dry run loaded ≈ 650 of them (knex alone pulls 252 lodash files) — and a bundle makes them a
// few dozen (issue 19; measured in BENCHMARKS.md "Start-up"). Each command's code stays in a chunk
// of its own (code splitting follows the lazy `import()`s), so `--help` still loads no database code.
//
// Left outside the bundle, loaded from node_modules as before: packages that read files beside
// their own code at run time (PGlite's WebAssembly, Swagger UI's assets), those only one long-running
// command needs (fastify, graphile-worker, nodemailer, exceljs), and knex's optional drivers.
// The unbundled dist/src stays: tests and `npm run bench` import single modules from it.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

const EXTERNAL = [
  '@electric-sql/pglite', '@electric-sql/pglite/*', 'knex-pglite',
  'fastify', '@fastify/*', 'graphile-worker', 'nodemailer', 'exceljs',
  // knex's drivers for other databases, required only when such a client is asked for.
  'pg-native', 'pg-query-stream', 'sqlite3', 'better-sqlite3', 'mysql', 'mysql2', 'mariadb/*', 'oracledb', 'tedious',
];

// commander imports node:child_process for executable subcommands, which packreg does not have;
// the import alone loaded 25 of Node's built-in modules into every command (net, dgram, streams), and
// with the `#!` line's V8 flags each built-in is compiled anew (its code cache is made for no flags):
// `require('node:child_process')` 9 ms with them, 2 ms without (BENCHMARKS.md, eleventh round).
// commander gets a stand-in that loads the module on its first use.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "export default { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

// Chunk names carry content hashes: clear the previous build's.
fs.rmSync(path.join(root, 'dist/bundle'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  // Three levels deep, like dist/src/cli/: main.ts finds package.json at ../../../package.json.
  outdir: 'dist/bundle/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external: EXTERNAL,
  // CommonJS packages inside an ES module bundle call `require` for Node's built-ins.
  banner: { js: 'import { createRequire as __packregRequire } from "node:module"; const require = __packregRequire(import.meta.url);' },
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [lazyChildProcessForCommander],
});
