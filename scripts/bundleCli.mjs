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

// commander's built-ins, handed over as CommonJS values. An ES module `import` of node:fs,
// node:util or node:process evaluates every lazy export of the module (fs.promises, util.parseArgs,
// …), which loaded ≈ 40 more of Node's built-in modules (streams, readline, the REPL's history)
// into `--help`; and node:child_process, which commander imports for executable subcommands
// (packreg has none), another 25. With the `#!` line's V8 flags every built-in is compiled anew
// (Node's code cache for them is made without flags): `require('node:child_process')` 9 ms with
// them, 2 ms without (BENCHMARKS.md, eleventh round). A name commander imports that a stand-in
// does not export fails the build.
const COMMANDER_BUILTINS = {
  'node:child_process': "export default { spawn: (...args) => require('node:child_process').spawn(...args) };",
  'node:fs': "export default require('node:fs');",
  'node:process': "export default require('node:process');",
  'node:util': "const util = require('node:util'); export const stripVTControlCharacters = util.stripVTControlCharacters; export default util;",
};
const commanderBuiltins = {
  name: 'commander-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      Object.hasOwn(COMMANDER_BUILTINS, args.path) && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'commander-builtin' }
        : undefined);
    b.onLoad({ filter: /.*/, namespace: 'commander-builtin' }, (args) => ({ contents: COMMANDER_BUILTINS[args.path], loader: 'js' }));
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
  plugins: [commanderBuiltins],
});
