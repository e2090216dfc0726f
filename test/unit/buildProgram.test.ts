import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

// From the build: the program reads package.json three levels above its module (dist/src/cli/).
const BUILT = '../../dist/src/cli/main.js';
const { buildProgram } = (await import(BUILT)) as typeof import('../../src/cli/main.js');

/** Every command's help, sub-commands included, by its path (`imports cancel`). */
function helpOf(command: Command, prefix = ''): Map<string, string> {
  const helps = new Map<string, string>();
  for (const sub of command.commands) {
    const name = `${prefix}${sub.name()}`;
    helps.set(name, sub.helpInformation());
    for (const [k, v] of helpOf(sub, `${name} `)) helps.set(k, v);
  }
  return helps;
}

/**
 * A command line that starts with a command's name registers that command alone (issue 19:
 * building all of them was ≈ 4 ms of every command's start-up); it must be the very command the
 * full program holds.
 */
describe('buildProgram with one command', () => {
  it.each(['ja', 'en'] as const)('registers the same command as the full program (%s)', (lang) => {
    const full = buildProgram(lang);
    const names = full.commands.map((c) => c.name()).filter((n) => n !== 'help');
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) {
      const alone = buildProgram(lang, name);
      expect(alone.commands.map((c) => c.name())).toEqual([name]);
      const expected = new Map([...helpOf(full)].filter(([k]) => k === name || k.startsWith(`${name} `)));
      expect(helpOf(alone)).toEqual(expected);
    }
  });

  it('registers every command for a first argument that names none (help, an option, a typo)', () => {
    const all = buildProgram('en').commands.length;
    for (const first of ['help', '--lang', 'imprt', undefined]) expect(buildProgram('en', first).commands).toHaveLength(all);
  });
});
