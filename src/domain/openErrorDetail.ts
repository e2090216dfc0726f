import type { Localized } from './paramText.js';

const BY_CODE: Readonly<Record<string, Localized>> = {
  ENOENT: { ja: 'ファイルがありません', en: 'no such file' },
  ENOTDIR: { ja: 'ファイルがありません', en: 'no such file' },
  EACCES: { ja: '読み取る権限がありません', en: 'permission denied' },
  EPERM: { ja: '読み取る権限がありません', en: 'permission denied' },
  EISDIR: { ja: 'ファイルではなくフォルダです', en: 'a folder, not a file' },
  ELOOP: { ja: 'シンボリックリンクをたどれません', en: 'too many symbolic links' },
};

/** A file that could not be opened, said for a person: FILE_UNREADABLE's `detail` (SPEC §6, issue 17). */
export function openErrorDetail(error: unknown): Localized {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  return BY_CODE[code] ?? { ja: `開けません(${code || 'エラー'})`, en: `cannot open (${code || 'error'})` };
}

/** The path names something that is not a regular file (a folder, a device, a FIFO). */
export const NOT_A_FILE: Localized = { ja: '通常のファイルではありません', en: 'not a regular file' };
