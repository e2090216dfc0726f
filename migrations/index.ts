import type { Knex } from 'knex';
import * as m0001 from './0001_reference.js';
import * as m0002 from './0002_imports.js';
import * as m0003 from './0003_nightly.js';
import * as m0004 from './0004_http.js';
import * as m0005 from './0005_aftercare.js';
import * as m0006 from './0006_row_results.js';
import * as m0007 from './0007_import_runner.js';
import * as m0008 from './0008_staging_store.js';
import * as m0009 from './0009_registration_guards.js';
import * as m0011 from './0011_reseller_lists.js';
import * as m0012 from './0012_cancel_plan.js';
import * as m0013 from './0013_reseller_settings.js';
import * as m0014 from './0014_plan_rows_from_staging.js';
import * as m0015 from './0015_parent_check_probes.js';
import * as m0016 from './0016_application_index_partial.js';

/**
 * Every migration, in order. Listed here rather than found by scanning a folder, so the same list
 * runs from TypeScript (tests) and from compiled JavaScript (the bin) on both engines.
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Knex.Migration]> = [
  ['0001_reference', m0001],
  ['0002_imports', m0002],
  ['0003_nightly', m0003],
  ['0004_http', m0004],
  ['0005_aftercare', m0005],
  ['0006_row_results', m0006],
  ['0007_import_runner', m0007],
  ['0008_staging_store', m0008],
  ['0009_registration_guards', m0009],
  ['0011_reseller_lists', m0011],
  ['0012_cancel_plan', m0012],
  ['0013_reseller_settings', m0013],
  ['0014_plan_rows_from_staging', m0014],
  ['0015_parent_check_probes', m0015],
  ['0016_application_index_partial', m0016],
];
