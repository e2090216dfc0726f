import * as z from 'zod';
import { contractSearchText } from '../domain/foldSearchText.js';

const required = z.string().trim().min(1, 'must not be empty');
const optionalText = z.string().trim().default('');
const bool = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
const isoDate = z
  .string()
  .trim()
  .refine((v) => v === '' || isCalendarDate(v), 'must be a date YYYY-MM-DD or empty')
  .transform((v) => (v === '' ? null : v));

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** A foreign key the loader checks (against this load and what the database already holds). */
export interface ReferenceCheck {
  readonly column: string;
  readonly table: string;
  readonly key: string;
}

export interface ReferenceFile<S extends z.ZodType = z.ZodType> {
  readonly file: string;
  readonly table: string;
  /** Primary key columns: the upsert's conflict target. */
  readonly key: readonly string[];
  readonly schema: S;
  readonly references: readonly ReferenceCheck[];
  /** The table has an `updated_at` column the upsert refreshes when a row changes. */
  readonly stamped: boolean;
  /** Columns computed from a row and stored beside it (contracts' search text, migration 0011). */
  readonly derive?: (row: Record<string, unknown>) => Record<string, unknown>;
}

const define = <S extends z.ZodObject>(spec: ReferenceFile<S>): ReferenceFile<S> => spec;

/**
 * The six reference files of SPEC §2, in load order (a file only refers to files above it).
 * Each schema's keys are exactly the file's columns: an unknown or missing column is an error.
 */
export const REFERENCE_FILES = [
  define({
    file: 'resellers.csv',
    table: 'resellers',
    key: ['reseller_code'],
    schema: z.object({ reseller_code: required, name: required }),
    references: [],
    stamped: true,
  }),
  define({
    file: 'products.csv',
    table: 'products',
    key: ['model'],
    schema: z.object({ model: required, name: required, end_of_support: isoDate }),
    references: [],
    stamped: true,
  }),
  define({
    file: 'pack_models.csv',
    table: 'pack_models',
    key: ['model'],
    schema: z.object({
      model: required,
      name: required,
      category: z.enum(['hardware', 'software', 'pc', 'bundle']),
      term_months: z.string().trim().regex(/^[1-9]\d{0,2}$/, 'must be a whole number of months (1-999)').transform(Number),
      requires_site: bool,
      requires_label: bool,
      options_allowed: bool,
      manual_review: bool,
      eligible_products: z
        .string()
        .trim()
        .transform((v) => v.split('|').map((p) => p.trim()).filter((p) => p !== '')),
    }),
    references: [],
    stamped: true,
  }),
  define({
    file: 'contracts.csv',
    table: 'contracts',
    key: ['support_id'],
    schema: z.object({
      support_id: z.string().trim().regex(/^3\d{8}$/, 'must be 9 digits starting with 3'),
      customer_name: required,
      system_name: optionalText,
      reseller_code: required,
      status: z.enum(['active', 'expired']),
    }),
    references: [{ column: 'reseller_code', table: 'resellers', key: 'reseller_code' }],
    stamped: true,
    derive: (row) => ({ search_text: contractSearchText(row as Parameters<typeof contractSearchText>[0]) }),
  }),
  define({
    file: 'service_users.csv',
    table: 'service_users',
    key: ['support_id', 'user_id'],
    schema: z.object({
      user_id: required,
      support_id: required,
      role: z.enum(['admin', 'deputy', 'member']),
      name: required,
      email: z.string().trim().email('must be an e-mail address'),
      postal_code: required,
      address: required,
      building: optionalText,
      phone: optionalText,
    }),
    references: [{ column: 'support_id', table: 'contracts', key: 'support_id' }],
    stamped: true,
  }),
  define({
    file: 'pack_serials.csv',
    table: 'pack_serials',
    key: ['serial'],
    schema: z.object({ serial: required, pack_model: required }),
    references: [{ column: 'pack_model', table: 'pack_models', key: 'model' }],
    stamped: false,
  }),
] as const;
