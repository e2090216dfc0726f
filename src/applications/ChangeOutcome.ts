import type { Finding } from '../domain/Finding.js';

/**
 * What a site or options change did. Validation problems are data (`rejected` with findings in
 * the catalog's codes, rendered by the caller in its language), never exceptions; a change that
 * cannot be attempted at all (not found, under review, released) throws a `PackregError`.
 */
export type ChangeOutcome =
  | {
      readonly status: 'changed' | 'unchanged';
      readonly receiptNo: string;
      readonly serial: string;
      /** The changed values before and after (only what differs; empty when unchanged). */
      readonly before: Readonly<Record<string, unknown>>;
      readonly after: Readonly<Record<string, unknown>>;
      readonly warnings: readonly Finding[];
    }
  | {
      readonly status: 'rejected';
      readonly receiptNo: string;
      readonly serial: string;
      readonly errors: readonly Finding[];
      readonly warnings: readonly Finding[];
    };
