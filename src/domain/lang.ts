export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A message in both languages; the renderer picks one. */
export interface Bilingual<P> {
  readonly ja: (params: P) => string;
  readonly en: (params: P) => string;
}

/** A language setting's value (PACKREG_LANG, `--lang`) as a language: Japanese unless it says `en`. */
export function langOf(value: string | undefined): Lang {
  return value === 'en' ? 'en' : 'ja';
}
