import type { CommanderError } from 'commander';
import { PackregError } from '../domain/PackregError.js';

/** What commander quoted in its message: the option, command or argument at fault. */
function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

/**
 * A command line commander refused, as packreg's USAGE error (exit 64) in both languages: its
 * message is English and would otherwise reach a Japanese user as is (issue 17). Unknown kinds
 * keep commander's words in both.
 */
export function usageError(error: CommanderError): PackregError {
  const [a = '', b = ''] = quoted(error.message);
  const hint = { ja: '(--help で使い方を表示します)', en: ' (add --help for usage)' };
  const detail = (ja: string, en: string) => ({ detail: { ja: `${ja}${hint.ja}`, en: `${en}${hint.en}` } });
  switch (error.code) {
    case 'commander.unknownOption':
      return new PackregError('USAGE', detail(`不明なオプション ${a} です`, `unknown option ${a}`));
    case 'commander.unknownCommand':
      return new PackregError('USAGE', detail(`不明なコマンド ${a} です`, `unknown command ${a}`));
    case 'commander.missingArgument':
      return new PackregError('USAGE', detail(`必須の引数 ${a} がありません`, `missing required argument ${a}`));
    case 'commander.optionMissingArgument':
      return new PackregError('USAGE', detail(`オプション ${a} に値がありません`, `option ${a} needs a value`));
    case 'commander.missingMandatoryOptionValue':
      return new PackregError('USAGE', detail(`必須のオプション ${a} がありません`, `required option ${a} is missing`));
    case 'commander.invalidArgument':
      return new PackregError('USAGE', detail(`${a} の値 ${b} は使えません`, `${a}: ${b} is not allowed`));
    case 'commander.excessArguments':
      return new PackregError('USAGE', detail('引数が多すぎます', 'too many arguments'));
    default: {
      const text = error.message.replace(/^error: /, '');
      return new PackregError('USAGE', detail(text, text));
    }
  }
}
