/**
 * The upload file's columns (SPEC §3). The order is the order of the upload template and of
 * `packreg inspect` output.
 */
export const FIELD_KEYS = [
  'support_id',
  'pack_model',
  'pack_serial',
  'product_model',
  'product_serial',
  'service_start',
  'service_end',
  'site_name',
  'site_postal_code',
  'site_address',
  'site_building',
  'site_phone',
  'options',
  'label_recipient',
  'remarks',
] as const;

export type FieldKey = (typeof FIELD_KEYS)[number];

/** Columns that must be present in every upload (SPEC §3). */
export const REQUIRED_COLUMNS: readonly FieldKey[] = [
  'support_id',
  'pack_model',
  'pack_serial',
  'product_model',
  'service_start',
];

/** Free text keeps its characters (①, ㈱, 髙); everything else is a code normalised with NFKC. */
export const FREE_TEXT_FIELDS: ReadonlySet<FieldKey> = new Set([
  'site_name',
  'site_address',
  'site_building',
  'remarks',
]);

export const DATE_FIELDS: ReadonlySet<FieldKey> = new Set(['service_start', 'service_end']);
