#!/usr/bin/env node
// Runs a command on a Node that satisfies package.json `engines` (issue 18). `npm test` goes
// through here so that the README's test command passes on a fresh machine whose own Node is
// older (Node 20 is end of life): the npm registry's `node` package ships the binary, so Node 24
// is installed into .tools/ (gitignored, no root needed) and put first on PATH for the command and
// every process it starts. A machine with a supported Node runs the command as it is.
// Plain JavaScript without dependencies: it must run on any Node before `engines` is met.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const wanted = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node; // ">=22.18"
const [needMajor, needMinor] = wanted.replace(/^>=\s*/, '').split('.').map(Number);
const TOOLS_NODE = process.env.PACKREG_TOOLS_NODE ?? 'node@24';

const supported = (version) => {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > needMajor || (major === needMajor && minor >= needMinor);
};

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: withSupportedNode.mjs COMMAND [ARGS…]');
  process.exit(64);
}

const env = { ...process.env };
if (!supported(process.version)) {
  const bin = path.join(root, '.tools', 'node_modules', '.bin');
  const toolsVersion = () => spawnSync(path.join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (!supported(toolsVersion())) {
    console.error(`== Node ${process.version} does not satisfy engines "${wanted}": installing ${TOOLS_NODE} into .tools/ (npm registry)`);
    const install = spawnSync('npm', ['install', '--prefix', path.join(root, '.tools'), '--no-save', '--no-audit', '--no-fund', TOOLS_NODE], { stdio: 'inherit' });
    if (install.status !== 0 || !supported(toolsVersion())) {
      console.error(`== could not install ${TOOLS_NODE}; install Node ${wanted} and run the command again`);
      process.exit(1);
    }
  }
  console.error(`== running on ${toolsVersion()} from .tools/`);
  env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
}
const run = spawnSync(command, args, { stdio: 'inherit', env });
process.exit(run.status ?? 1);
