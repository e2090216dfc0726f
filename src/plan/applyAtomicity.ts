import type { Knex } from 'knex';

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
  const held = (code: string) =>
    `status = 'held', errors = errors || jsonb_build_array(jsonb_build_object('code', '${code}', 'field', null, 'params', jsonb_build_object('supportId', support_id)))`;
  if (atomicity === 'application') {
    await knex.raw(
      `update import_rows r set ${held('APPLICATION_HELD')}
        where r.import_id = :id and r.status = 'valid'
          and exists (select 1 from import_rows x
                       where x.import_id = r.import_id and x.support_id = r.support_id and x.status = 'rejected')`,
      { id: importId },
    );
  } else if (atomicity === 'file') {
    await knex.raw(
      `update import_rows r set ${held('FILE_HELD')}
        where r.import_id = :id and r.status = 'valid'
          and exists (select 1 from import_rows x where x.import_id = r.import_id and x.status = 'rejected')`,
      { id: importId },
    );
  }
}
