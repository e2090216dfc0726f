import { copyText } from '../db/copyText.js';
import { STAGED_VALUES, type StagedRow } from './stagedColumns.js';

/** One row of `import_rows` in COPY text format (columns `COPY_COLUMNS`), newline included. */
export function copyLine(importId: string, staged: StagedRow): string {
  let line = copyText(importId);
  for (const value of STAGED_VALUES) line += `\t${copyText(value(staged))}`;
  return `${line}\n`;
}
