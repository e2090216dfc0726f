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

// Built-ins handed over as CommonJS values. An ES module `import` of node:fs, node:util or
// node:process evaluates every lazy export of the module (fs.promises and its readline,
// util.parseArgs, …): ≈ 30 more of Node's built-in modules in a command that reads one file
// (BENCHMARKS.md, eleventh and twelfth rounds: milliseconds per command, several times more under
// V8 flags given on the command line, which make Node compile its built-ins anew). A stand-in
// exports the module's value as its default and the names below; importing any other name by
// name fails the build (add it here if reading it loads nothing: Node's lazy exports are not all
// getters).
const STANDIN_BUILTINS = {
  fs: ['constants', 'createReadStream', 'createWriteStream', 'existsSync', 'readFileSync', 'writeFileSync', 'openSync', 'readSync', 'closeSync', 'fstatSync', 'statSync', 'mkdirSync', 'rmSync', 'renameSync'],
  'fs/promises': ['open', 'stat', 'lstat', 'readFile', 'writeFile', 'readdir', 'rename', 'unlink', 'rm', 'mkdir', 'mkdtemp', 'link', 'copyFile', 'utimes', 'chmod', 'access', 'constants'],
  util: ['stripVTControlCharacters', 'TextDecoder', 'TextEncoder', 'promisify', 'inspect', 'format'],
  process: [],
};
const standIn = (name) =>
  `const m = require('node:${name}'); export default m;${STANDIN_BUILTINS[name].length > 0 ? ` export const { ${STANDIN_BUILTINS[name].join(', ')} } = m;` : ''}`;
// commander imports node:child_process for executable subcommands, which packreg has none of
// (25 built-ins): it is required on first use.
const COMMANDER_CHILD_PROCESS = "export default { spawn: (...args) => require('node:child_process').spawn(...args) };";
const builtinStandIns = {
  name: 'builtin-stand-ins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      const wanted = name === 'child_process'
        ? /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        : Object.hasOwn(STANDIN_BUILTINS, name) && args.kind === 'import-statement';
      return wanted ? { path: name, namespace: 'builtin-stand-in' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-stand-in' }, (args) => ({
      contents: args.path === 'child_process' ? COMMANDER_CHILD_PROCESS : standIn(args.path),
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
  plugins: [builtinStandIns],
});
