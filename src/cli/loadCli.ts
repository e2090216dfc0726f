import type vmTypes from 'node:vm';
import { untuneV8 } from '../tuneV8.js';

// Node's modules as CommonJS values: an ES module import of node:fs evaluates every lazy export
// (fs.promises and its readline: ≈ 10 more built-ins in every command; test/e2e/startupModules).
const fs = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');
const path = process.getBuiltinModule('node:path');
const vm = process.getBuiltinModule('node:vm');

/** What a bundle of the CLI exports (main.ts). */
export interface Cli {
  main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void>;
}

/**
 * The CLI's bundle for this command line from `bundleDir` (scripts/bundleCli.mjs) — the
 * command's own (`import.cjs` for `packreg import …`), `help.cjs` for help and the version, else
 * `main.cjs` with every command (a line that starts with an option, a typo) — compiled with the
 * V8 code cache an earlier run of that bundle left in `bundleDir/cache/`.
 *
 * Node's compile cache holds what V8 compiles as a module is first compiled; the functions a
 * command runs are compiled later, on first call, in every process: knex's, lodash's and pino's
 * module bodies, pg's protocol, the CSV parser (a 7-row dry run ≈ 165 → 118 ms with them cached;
 * issue 19, BENCHMARKS.md thirteenth round). A cache made at exit holds them. There is one per
 * build of a bundle, Node and node options, written by the first runs (GENERATIONS); one that V8
 * refuses is removed for the next run to write. The cache sits beside the code it was made from,
 * so whoever may write it may write the code; where the directory cannot be written, nothing is
 * cached.
 */
export function loadCli(bundleDir: string, argv: readonly string[]): Cli {
  const [file, source] = bundleOf(bundleDir, argv[2]);
  const cacheFile = path.join(bundleDir, 'cache', `${path.basename(file, '.cjs')}-${process.version}-${process.arch}-${cacheKey(file)}.bin`);
  const cache = readIfThere(cacheFile);
  // The first byte counts the runs that wrote the cache, V8's data follows.
  const cachedData = cache !== undefined && cache.length > 1 ? cache.subarray(1) : undefined;
  const generation = cachedData === undefined ? 0 : cache![0]!;
  // Node's CommonJS wrapper, on the bundle's first line (its line numbers stay).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (script.cachedDataRejected === true) fs.rmSync(cacheFile, { force: true });
  else if (generation < GENERATIONS) process.once('exit', () => saveCache(script, cacheFile, generation + 1));
  const module = { exports: {} as Cli };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * The runs of a bundle that write its cache: each writes what the cache held and what it compiled
 * itself, so the first runs' paths add up (a first `import --help` alone would leave the cache
 * without an import's code). From the next run on the cache is only read.
 */
export const GENERATIONS = 3;

/** What asks for help or the version only: no command runs. */
const HELP = new Set(['help', '--help', '-h', '--version', '-V']);

/**
 * `help` when the line asks for help or the version, the command's bundle when it has one (a
 * plain lower-case name: never a path), else main.
 */
function bundleOf(bundleDir: string, first: string | undefined): [file: string, source: string] {
  const file = (name: string) => path.join(bundleDir, 'cli', `${name}.cjs`);
  // The bundles are ASCII (scripts/bundleCli.mjs): read as Latin-1, a copy, not decoded.
  if (first === undefined || HELP.has(first)) return [file('help'), fs.readFileSync(file('help'), 'latin1')];
  if (/^[a-z]+$/.test(first)) {
    const source = readIfThere(file(first));
    if (source !== undefined) return [file(first), source.toString('latin1')];
  }
  return [file('main'), fs.readFileSync(file('main'), 'latin1')];
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * What the cache's name is made of (FNV-1a, 32 bits): node's options (V8 refuses code made under
 * other flags) and the bundle's size and time (V8 checks no more of the source than its length:
 * a command started before a build that exits after it must not leave its code for the new one).
 */
function cacheKey(file: string): string {
  const { size, mtimeMs } = fs.statSync(file);
  const text = `${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}\0${size}\0${mtimeMs}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** At exit: the code of every function this run compiled or found cached, whole or not at all. */
function saveCache(script: vmTypes.Script, file: string, generation: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    untuneV8();
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, Buffer.concat([Buffer.of(generation), data]));
    fs.renameSync(temporary, file);
  } catch {
    // A directory that cannot be written (a read-only installation, a full disk): the next run
    // compiles too.
    fs.rmSync(temporary, { force: true });
  }
}
