import { FIELD_KEYS, type FieldKey } from '../../src/domain/fields.js';
import type { IngestedRow } from '../../src/ingest/types.js';

/** A row that passes pass 1: every field filled with a valid, already-normalised value. */
export const VALID_VALUES: Readonly<Record<FieldKey, string>> = {
  support_id: '312345678',
  pack_model: 'SPK-HW-1Y',
  pack_serial: 'PS00000001',
  product_model: 'EXP320A',
  product_serial: 'SN-0001',
  service_start: '2026-04-01',
  service_end: '2027-03-31',
  site_name: '本社 サーバ室',
  site_postal_code: '105-0014',
  site_address: '東京都港区芝五丁目7番1号',
  site_building: 'NEC本社ビル 3F',
  site_phone: '03-1234-5678',
  options: 'N8103-123*2;N8150-45',
  label_recipient: 'U-ADMIN1',
  remarks: '',
};

/**
 * A full `IngestedRow` with valid defaults; `values` overrides some fields
 * (`makeRow({ pack_serial: 'PS2' })`), `at` sets the sheet and Excel row number.
 */
export function makeRow(
  values: Partial<Record<FieldKey, string>> = {},
  at: { row?: number; sheet?: string | null } = {},
): IngestedRow {
  const merged = { ...VALID_VALUES, ...values };
  return {
    sheet: at.sheet ?? null,
    row: at.row ?? 2,
    values: merged,
    cells: FIELD_KEYS.map((key) => merged[key]),
  };
}
