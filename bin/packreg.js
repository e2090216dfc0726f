#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
// The environment is handed over for the language of --help and usage errors (src/cli/main.ts).
import('../dist/src/cli/main.js').then((cli) => cli.main(process.argv, process.env));
