import type { Knex } from 'knex';
import { holdRows } from '../staging/sql/holdRows.js';

export const ATOMICITIES = ['row', 'application', 'file'] as const;
export type Atomicity = (typeof ATOMICITIES)[number];

/**
 * SPEC §5 atomicity, applied to the staged rows before anything is committed:
 * - `application` (default): an application (support ID) with any rejected row is not committed;
 *   its valid rows become `held` with `APPLICATION_HELD`;
 * - `file`: one rejected row holds every valid row of the file, with `FILE_HELD`;
 * - `row`: valid rows go in regardless.
 * `already_registered` rows are neither rejected nor held: they are in already.
 */
export async function applyAtomicity(knex: Knex, importId: string, atomicity: Atomicity): Promise<void> {
  if (atomicity === 'application') await holdRows(knex, importId, 'application', 'APPLICATION_HELD');
  else if (atomicity === 'file') await holdRows(knex, importId, 'file', 'FILE_HELD');
}
