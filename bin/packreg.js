#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
// Node ≥ 22.1 keeps the compiled code of every module it loads in a cache on disk (os.tmpdir()):
// a command's start-up then skips parsing and compiling (issue 19). A cache that cannot be
// written is silently not used.
import module from 'node:module';
module.enableCompileCache?.();
// The environment is handed over for the language of --help and usage errors (src/cli/main.ts).
import('../dist/src/cli/main.js').then((cli) => cli.main(process.argv, process.env));
