// Bundle the compiled CLI (dist/src/cli/main.js, from tsc) into dist/bundle/cli/: what bin/packreg.js
// runs. Node spends most of a small command's start-up finding, reading and compiling modules — a
// 7-row dry run loaded ≈ 650 of them (knex alone pulls 252 lodash files) — and a bundle makes them
// one file (issue 19; measured in BENCHMARKS.md "Start-up").
//
// One CommonJS file per command (dist/bundle/cli/import.cjs, …) with that command's code only,
// help.cjs with every command's registration and no action (help, the version), and main.cjs with
// every command (a line that starts with an option). bin/packreg.js compiles the one it needs
// through node:vm with V8's code cache of earlier runs (src/cli/loadCli.ts): a cache made after a
// run holds every function the run compiled, which Node's own compile cache (made as a module is
// first compiled) does not — knex's, lodash's and pino's module bodies, pg's protocol, the CSV
// parser (BENCHMARKS.md, thirteenth round).
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

// commander requires node:child_process for executable subcommands, which packreg has none of
// (25 built-ins): it is required on first use.
const COMMANDER_CHILD_PROCESS = "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };";
const commanderChildProcess = {
  name: 'commander-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'commander-stand-in' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'commander-stand-in' }, () => ({ contents: COMMANDER_CHILD_PROCESS, loader: 'js' }));
  },
};

// Each command's registration module (src/cli/commands/), from the program's own table.
const { COMMANDS } = await import(path.join(root, 'dist/src/cli/main.js'));
const registrationFile = (register) => {
  const name = register.name.replace(/^register/, '');
  const file = `${name[0].toLowerCase()}${name.slice(1)}Command.js`;
  if (!fs.existsSync(path.join(root, 'dist/src/cli/commands', file))) throw new Error(`${register.name}: no dist/src/cli/commands/${file}`);
  return file;
};
const filesOf = new Map();
for (const [name, register] of COMMANDS) filesOf.set(name, [...(filesOf.get(name) ?? []), registrationFile(register)]);

// In the bundle of one command the other commands' registrations are left out (with what their
// actions load): main.ts registers only the command named first on the line (buildProgram's
// `only`), which is the one bin/packreg.js picked this bundle for.
const onlyCommand = (keep) => ({
  name: 'only-command',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[A-Za-z]+Command\.js$/ }, (args) =>
      keep.includes(args.path.slice('./commands/'.length)) ? undefined : { path: args.path, namespace: 'left-out' });
    // Never called: that command is not registered in this bundle.
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
});

// The bundle for help and the version (`packreg`, `--help`, `help import`, `-V`): every command's
// registration, no action.
const noAction = {
  name: 'no-action',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/actions\/[A-Za-z]+\.js$/ }, (args) => ({ path: args.path, namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// The loader reads a bundle as Latin-1, a plain copy, where UTF-8 is decoded (1.8 MB: ≈ 2.5 ms of
// every command). esbuild escapes every non-ASCII character but those in regular expressions
// (the eras, 〒, the option separators): \uXXXX means the same there, and in an identifier or a
// comment. One after a backslash would change meaning: the build fails instead. (A source map's
// columns after such a character on its line are off by the escape's length.)
function asciiOnly(code, file) {
  if (/\\[^\x00-\x7f]/.test(code)) throw new Error(`${file}: a backslash before a non-ASCII character`);
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Built beside dist/bundle/ and swapped in whole: a command started while the build runs (`npx
// packreg` runs `prepare` on first use, in the middle of the test suite) finds the old bundles or
// the new ones, never a directory half written, and a build starts with no code caches.
const next = path.join(root, `dist/.bundle-next-${process.pid}`);
fs.rmSync(next, { recursive: true, force: true });

const bundles = [['main', []], ['help', [noAction]], ...[...filesOf].map(([name, files]) => [name, [onlyCommand(files)]])];
await Promise.all(bundles.map(async ([name, plugins]) => {
  const outfile = path.join(next, 'cli', `${name}.cjs`);
  await build({
    absWorkingDir: root,
    entryPoints: ['dist/src/cli/main.js'],
    // Three levels deep, like dist/src/cli/: main.ts finds package.json at ../../../package.json.
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    external: EXTERNAL,
    // Every import() becomes require(): a script compiled by node:vm cannot import() without an
    // experimental flag. Node 22.12+ requires ES modules (PGlite, graphile-worker) as well.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__packregUrl' },
    banner: { js: 'const __packregUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Fewer bytes to read each start; names are kept (stack traces in the log).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [commanderChildProcess, ...plugins],
  });
  const code = fs.readFileSync(outfile, 'utf8');
  if (/\bimport\(/.test(code)) throw new Error(`${outfile}: an import() was left in the bundle`);
  fs.writeFileSync(outfile, asciiOnly(code, outfile));
}));
fs.mkdirSync(path.join(next, 'cache'));
const old = path.join(root, `dist/.bundle-old-${process.pid}`);
if (fs.existsSync(path.join(root, 'dist/bundle'))) fs.renameSync(path.join(root, 'dist/bundle'), old);
fs.renameSync(next, path.join(root, 'dist/bundle'));
fs.rmSync(old, { recursive: true, force: true });
