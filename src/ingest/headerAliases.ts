import { FIELD_KEYS, type FieldKey } from '../domain/fields.js';

/**
 * How a header cell is compared (SPEC §3): NFKC, trim, no inner white space, case-folded.
 * "サポートＩＤ", " Support  ID " and "supportid" are the same header.
 */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** SPEC §3 header table (Japanese and English); the field keys themselves are accepted too. */
const ALIASES: Readonly<Record<FieldKey, readonly string[]>> = {
  support_id: ['サポートID', 'support id'],
  pack_model: ['型番', 'サポートパック型番', 'pack model', 'model'],
  pack_serial: ['製品シリアルNo.', 'シリアル番号', 'pack serial', 'serial'],
  product_model: ['対象製品型番', 'product model'],
  product_serial: ['対象製品シリアルNo.', '号機番号', 'product serial'],
  service_start: ['サービス開始日', 'service start'],
  service_end: ['サービス終了日', 'service end'],
  site_name: ['設置場所名', 'site name'],
  site_postal_code: ['郵便番号', 'postal code'],
  site_address: ['住所', '設置場所住所', 'address'],
  site_building: ['ビル名', 'building'],
  site_phone: ['電話番号', 'phone'],
  options: ['オプション機器', 'options'],
  label_recipient: ['機器管理ラベル送付先', 'label recipient'],
  remarks: ['備考', 'remarks'],
};

// A Map, never an object keyed by header text: "__proto__" or "constructor" in a header row must
// be just another unknown column.
const BY_HEADER: ReadonlyMap<string, FieldKey> = new Map(
  FIELD_KEYS.flatMap((key) => [key, ...ALIASES[key]].map((alias) => [normaliseHeader(alias), key] as const)),
);

const OPTION_MODEL = /^(?:オプション型番|optionmodel)(\d+)$/;
const OPTION_QTY = /^(?:数量|optionqty)(\d+)$/;

/** What one header cell names: a field, one half of an option column pair, or nothing. */
export type HeaderMeaning =
  | { readonly kind: 'field'; readonly key: FieldKey }
  | { readonly kind: 'optionModel'; readonly n: number }
  | { readonly kind: 'optionQty'; readonly n: number }
  | { readonly kind: 'unknown' };

/**
 * A reseller's saved header mapping (issue 20 item 8): normalised header (`normaliseHeader`) →
 * key. Loaded from the database by the caller and passed in, so the ingest never reads it itself.
 * A saved alias never shadows a built-in header: saving one is refused (MAPPING_ALIAS_BUILT_IN).
 */
export type SavedAliases = ReadonlyMap<string, FieldKey>;

export function headerMeaning(text: string, saved?: SavedAliases): HeaderMeaning {
  const normalised = normaliseHeader(text);
  const key = BY_HEADER.get(normalised) ?? saved?.get(normalised);
  if (key) return { kind: 'field', key };
  let m = OPTION_MODEL.exec(normalised);
  if (m) return { kind: 'optionModel', n: Number(m[1]) };
  m = OPTION_QTY.exec(normalised);
  if (m) return { kind: 'optionQty', n: Number(m[1]) };
  return { kind: 'unknown' };
}

/** True when `text` already means something without any saved mapping (a SPEC §3 header, a key, an option pair half). */
export function isBuiltInHeader(text: string): boolean {
  return headerMeaning(text).kind !== 'unknown';
}
