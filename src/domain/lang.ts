export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A message in both languages; the renderer picks one. */
export interface Bilingual<P> {
  readonly ja: (params: P) => string;
  readonly en: (params: P) => string;
}
