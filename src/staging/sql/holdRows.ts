import type { Knex } from 'knex';
import type { RowCode } from '../../domain/rowCodes.js';
import { findingBindings, findingSql } from '../findingSql.js';

/**
 * Valid rows → held with `code` (params: the support ID) when a rejected row shares their
 * application (`scope: 'application'`) or is anywhere in the file (`'file'`).
 */
export async function holdRows(db: Knex, importId: string, scope: 'application' | 'file', code: RowCode): Promise<void> {
  const sameApplication = scope === 'application' ? 'and x.support_id = r.support_id' : '';
  await db.raw(
    `update import_rows r
        set status = 'held', errors = r.errors || ${findingSql(`jsonb_build_object('supportId', r.support_id)`)}
      where r.import_id = :id and r.status = 'valid'
        and exists (select 1 from import_rows x
                     where x.import_id = r.import_id ${sameApplication} and x.status = 'rejected')`,
    { id: importId, ...findingBindings(code, null) },
  );
}
