import type { Knex } from 'knex';
import type { ImportBatchRecord, ImportBatchWrite } from '../staging/ImportBatchRecord.js';
import type { ImportRowRecord } from '../staging/stagedColumns.js';

/**
 * knex's table types (its `Tables` interface): `knex('import_rows')` and `knex('import_batches')`
 * are typed, so a misspelt column or a value of the wrong type is a compile error. jsonb columns
 * are written as JSON text (knex would send an array as a Postgres array).
 */
declare module 'knex/types/tables.js' {
  interface Tables {
    import_batches: Knex.CompositeTableType<ImportBatchRecord, ImportBatchWrite, ImportBatchWrite>;
    import_rows: Knex.CompositeTableType<ImportRowRecord, Partial<ImportRowRecord>, Partial<ImportRowRecord>>;
  }
}
