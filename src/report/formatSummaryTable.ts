import type { Lang } from '../domain/lang.js';
import type { ImportSummary } from '../import.js';
import { STATUS_LABELS } from './resultColumns.js';

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

/** Terminal width of a string: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * The short table `packreg import` prints when it is done: one line per status with its count,
 * then the applications committed. `color` (a TTY without NO_COLOR — the caller decides) paints
 * rejected red, held yellow and registered green when they are not zero; otherwise plain text.
 */
export function formatSummaryTable(importId: string, s: ImportSummary, options: { lang: Lang; color: boolean; dryRun?: boolean }): string {
  const { lang, color } = options;
  const paint = (code: keyof typeof ANSI, text: string) => (color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const apps = lang === 'ja' ? 'お申し込み(受付番号)' : 'applications';
  const total = lang === 'ja' ? '行数' : 'rows';
  const lines: Array<[string, number, keyof typeof ANSI | null]> = [
    [total, s.rows, 'bold'],
    [STATUS_LABELS.registered[lang], s.registered, 'green'],
    [STATUS_LABELS.pending_review[lang], s.pending_review, 'green'],
    [STATUS_LABELS.already_registered[lang], s.already_registered, null],
    ...(options.dryRun || s.valid > 0 ? [[STATUS_LABELS.valid[lang], s.valid, 'green'] as [string, number, 'green']] : []),
    [STATUS_LABELS.held[lang], s.held, 'yellow'],
    [STATUS_LABELS.rejected[lang], s.rejected, 'red'],
    [apps, s.applications, null],
  ];
  const labelWidth = Math.max(...lines.map(([label]) => displayWidth(label))) + 2;
  const numberWidth = Math.max(...lines.map(([, n]) => groupDigits(n).length));
  const title = `${lang === 'ja' ? '取込' : 'import'} ${importId}${options.dryRun ? (lang === 'ja' ? '(ドライラン: 登録なし)' : ' (dry run: nothing committed)') : ''}`;
  const body = lines.map(([label, n, tint]) => {
    const text = `  ${pad(label, labelWidth)}${groupDigits(n).padStart(numberWidth)}`;
    return tint && n > 0 ? paint(tint, text) : text;
  });
  return `${paint('bold', title)}\n${body.join('\n')}\n`;
}

/**
 * 1234567 → "1,234,567". Not `toLocaleString`: its first call loads ICU's number formatting,
 * tens of milliseconds of the start-up of every import that prints its summary (issue 19).
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/gu, ',');
}
