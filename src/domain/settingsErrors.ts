type Params = Readonly<Record<string, unknown>>;

const quoted = (value: unknown, lang: 'ja' | 'en'): string => (lang === 'ja' ? `「${String(value ?? '')}」` : `"${String(value ?? '')}"`);

/**
 * Errors of a reseller's own settings (issue 20): saved header mappings and the webhook. Part of
 * the one catalog (spread into FILE_ERRORS); exit 64 where the user typed something wrong.
 */
export const SETTINGS_ERRORS = {
  MAPPING_INVALID: {
    exitCode: 64,
    ja: (p: Params) => `見出しの対応 ${quoted(p.entry, 'ja')} を読み取れません。「見出し=項目キー」の形で指定してください(例: S/N=pack_serial)。`,
    en: (p: Params) => `The header mapping ${quoted(p.entry, 'en')} cannot be read. Write it as HEADER=key (e.g. S/N=pack_serial).`,
  },
  MAPPING_TARGET_UNKNOWN: {
    exitCode: 64,
    ja: (p: Params) => `見出し ${quoted(p.header, 'ja')} の対応先 ${quoted(p.target, 'ja')} は項目キーではありません。使える項目キー: ${String(p.keys ?? '')}。`,
    en: (p: Params) => `The header ${quoted(p.header, 'en')} maps to ${quoted(p.target, 'en')}, which is not a field key. Field keys: ${String(p.keys ?? '')}.`,
  },
  MAPPING_ALIAS_BUILT_IN: {
    exitCode: 64,
    ja: (p: Params) => `見出し ${quoted(p.header, 'ja')} は標準の見出しです(${String(p.meaning ?? '')})。標準の見出しは登録しなくても読み取れ、別の項目に割り当てることはできません。`,
    en: (p: Params) => `The header ${quoted(p.header, 'en')} is a built-in header (${String(p.meaning ?? '')}). It is read without a mapping and cannot be mapped to another field.`,
  },
  MAPPING_TOO_MANY: {
    exitCode: 64,
    ja: (p: Params) => `見出しの対応は 1 販売店あたり ${String(p.limit)} 件までです。`,
    en: (p: Params) => `A reseller can save at most ${String(p.limit)} header mappings.`,
  },
  WEBHOOK_URL_INVALID: {
    exitCode: 64,
    ja: (p: Params) => `Webhook の URL ${quoted(p.url, 'ja')} は使えません: ${String(p.reason ?? '')}。http:// または https:// で始まる URL を指定してください。`,
    en: (p: Params) => `The webhook URL ${quoted(p.url, 'en')} cannot be used: ${String(p.reason ?? '')}. Give an http:// or https:// URL.`,
  },
  WEBHOOK_NOT_SET: {
    exitCode: 66,
    ja: () => 'Webhook は設定されていません。',
    en: () => 'No webhook is set.',
  },
} as const;
