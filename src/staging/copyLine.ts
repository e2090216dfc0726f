import { copyText } from '../db/copyText.js';
import { STAGED_VALUES, type StagedRow } from './stagedColumns.js';

/**
 * Each column's last value and its text (tab first): an application's rows repeat most values,
 * the very same strings (the ingest hands out one string for a repeated cell), and constant
 * columns (status, flags, empty findings) repeat on nearly every row. Pure: the text is a
 * function of the value.
 */
const lastValue: unknown[] = STAGED_VALUES.map(() => undefined);
const lastText: string[] = STAGED_VALUES.map(() => '');

/** One row of `import_rows` in COPY text format (columns `COPY_COLUMNS`), newline included. */
export function copyLine(importId: string, staged: StagedRow): string {
  let line = copyText(importId);
  for (let c = 0; c < STAGED_VALUES.length; c += 1) {
    const value = STAGED_VALUES[c]!(staged);
    if (value !== lastValue[c]) {
      lastValue[c] = value;
      lastText[c] = `\t${copyText(value)}`;
    }
    line += lastText[c]!;
  }
  return `${line}\n`;
}
