import { InvalidArgumentError, Option } from 'commander';
import type { Lang } from '../domain/lang.js';

/** A text of the command line in both languages; `--help` shows the one in use (issue 17). */
export interface Bilingual {
  readonly ja: string;
  readonly en: string;
}

/** Picks the text of one language: the registration functions describe every command with it. */
export type Say = (text: Bilingual) => string;

export const sayIn = (lang: Lang): Say => (text) => text[lang];

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

export function langOption(say: Say): Option {
  return new Option('--lang <lang>', say({ ja: 'メッセージの言語(既定: PACKREG_LANG または ja)', en: 'message language (default: PACKREG_LANG or ja)' }))
    .choices(['ja', 'en']);
}

/** SPEC §7: every command takes `--json`; with it, errors are `{ "error": { code, message } }` on stdout. */
export function jsonOption(say: Say, what: Bilingual = { ja: '結果を JSON で出力する', en: 'print the result as JSON' }): Option {
  return new Option('--json', say(what));
}

/** A repeatable option's collector (`--report a.json --report b.csv`). */
export const repeatable = (value: string, all: string[]): string[] => [...all, value];
