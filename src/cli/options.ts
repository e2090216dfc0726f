import { InvalidArgumentError, Option } from 'commander';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

export function langOption(): Option {
  return new Option('--lang <lang>', 'message language (default: PACKREG_LANG or ja)').choices(['ja', 'en']);
}
