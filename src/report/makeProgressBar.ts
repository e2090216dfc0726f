import type { Lang } from '../domain/lang.js';
import type { ImportProgress } from '../import.js';
import { groupDigits } from './formatSummaryTable.js';

/** What `packreg import` feeds while it runs. */
export interface ProgressBar {
  update(progress: ImportProgress): void;
  /** Erase the line (the summary table follows). */
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PHASES = {
  ja: { reading: '読込・検証中', checking: 'ファイル全体を検査中', committing: '登録中', done: '完了' },
  en: { reading: 'reading', checking: 'checking the file', committing: 'committing', done: 'done' },
} as const;
const REDRAW_MS = 100;

/**
 * A one-line live status on a terminal: phase, rows read, rows/s and applications committed. The
 * total is unknown while a file streams in, so it is a counter with a spinner, not a bar with an
 * end. The caller only makes one when stderr is a TTY and `--quiet` is off; `now` is injectable
 * for tests. Redraws at most every 100 ms so a fast import spends no time painting.
 */
export function makeProgressBar(
  out: NodeJS.WritableStream,
  options: { lang: Lang; color: boolean; now?: () => number },
): ProgressBar {
  const now = options.now ?? Date.now;
  const started = now();
  let last = 0;
  let frame = 0;
  let drawn = false;
  const dim = (text: string) => (options.color ? `\x1b[2m${text}\x1b[22m` : text);
  return {
    update(p) {
      const t = now();
      if (p.phase !== 'done' && t - last < REDRAW_MS && drawn) return;
      last = t;
      const seconds = Math.max((t - started) / 1000, 0.001);
      const rate = Math.round(p.rowsRead / seconds);
      const ja = options.lang === 'ja';
      const parts = [
        `${FRAMES[frame++ % FRAMES.length]} ${PHASES[options.lang][p.phase]}`,
        ja ? `${groupDigits(p.rowsRead)} 行` : `${groupDigits(p.rowsRead)} rows`,
        dim(ja ? `${groupDigits(rate)} 行/秒` : `${groupDigits(rate)} rows/s`),
        ja ? `登録済みお申し込み ${p.applicationsCommitted}` : `applications committed ${p.applicationsCommitted}`,
      ];
      out.write(`\r\x1b[2K${parts.join('  ')}`);
      drawn = true;
    },
    done() {
      if (drawn) out.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
