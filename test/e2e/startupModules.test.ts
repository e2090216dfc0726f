import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRODUCT_FLAGS } from '../../bench/productFlags.js';
import { BIN, cliEnv } from '../helpers/runCli.js';

/**
 * Start-up (issue 19): a command loads only the built-ins it uses. commander requires
 * node:child_process for executable subcommands, which packreg has none of: the bundle hands it a
 * stand-in that loads child_process on first use (scripts/bundleCli.mjs). An ES module import of
 * node:fs or node:util evaluates every lazy export (fs.promises and its readline, parseArgs): the
 * bundles are CommonJS, and the loader takes Node's modules as CommonJS values
 * (src/cli/loadCli.ts). Node's own list of loaded built-ins is read at exit.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packreg-startup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const hook = path.join(dir, 'hook.cjs');
fs.writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(process.env.PACKREG_TEST_BUILTINS, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n`);

function builtinsOf(args: string[]): string[] {
  const out = path.join(dir, `builtins-${args[0]!.replace(/\W/g, '')}.txt`);
  const run = spawnSync(process.execPath, [...PRODUCT_FLAGS, '--require', hook, BIN, ...args], {
    env: cliEnv({ PACKREG_TEST_BUILTINS: out }),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return fs.readFileSync(out, 'utf8').split('\n');
}

describe('built-in modules a command loads', () => {
  const csv = path.join(dir, 'small.csv');
  fs.writeFileSync(csv, 'サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日\r\n300000001,SPK-1,SN1,PC-1,2026/4/1\r\n');

  it.each([[['--help']], [['inspect', csv]]])('%j loads no child_process', (args) => {
    const loaded = builtinsOf(args);
    expect(loaded).toContain('fs');
    expect(loaded).not.toContain('child_process');
    expect(loaded).not.toContain('dgram');
  });

  it('inspect reads its file without FileHandle and file streams (node:fs/promises, fs.createReadStream)', () => {
    const loaded = builtinsOf(['inspect', csv]);
    expect(loaded).not.toContain('internal/fs/promises');
    expect(loaded).not.toContain('internal/fs/streams');
    expect(loaded).not.toContain('internal/readline/interface');
  });

  it('--help does not evaluate the lazy exports of node:fs and node:util (fs.promises and its readline, parseArgs)', () => {
    const loaded = builtinsOf(['--help']);
    expect(loaded).not.toContain('internal/fs/promises');
    expect(loaded).not.toContain('internal/readline/interface');
    expect(loaded).not.toContain('internal/util/parse_args/parse_args');
  });
});
