import type { Knex } from 'knex';
import type { EngineProfile } from '../db/engines.js';
import { rowsPerStatement } from '../db/engines.js';
import { isError } from '../domain/rowCodes.js';
import type { IngestedRow } from '../ingest/types.js';
import type { RowVerdict } from '../rules/checkReferences.js';

export interface StagedRow {
  /** Position in the file, from 1: the report's order. */
  readonly seq: number;
  readonly row: IngestedRow;
  readonly verdict: RowVerdict;
}

const COLUMNS = 30;

/**
 * Write one validated batch into `import_rows` (multi-row inserts sized to the bind-parameter
 * limit). These rows are both the per-row results a report is rebuilt from and the staging area
 * the cross-file pass and the commit work on, set-based, without holding the file in memory.
 */
export async function stageRows(knex: Knex, engine: EngineProfile, importId: string, batch: readonly StagedRow[]): Promise<void> {
  const records = batch.map(({ seq, row, verdict }) => {
    const v = row.values;
    return {
      import_id: importId,
      seq,
      sheet: row.sheet,
      row_number: row.row,
      status: verdict.status,
      support_id: v.support_id,
      pack_model: v.pack_model,
      pack_serial: v.pack_serial,
      product_model: v.product_model,
      product_serial: v.product_serial,
      service_start: verdict.serviceStart,
      requested_service_end: verdict.requestedEnd,
      service_end: verdict.serviceEnd,
      end_clamped: verdict.endClamped,
      site_name: v.site_name,
      site_postal_code: v.site_postal_code,
      site_address: v.site_address,
      site_building: v.site_building,
      site_phone: v.site_phone,
      options: JSON.stringify(verdict.options),
      label_recipient: v.label_recipient,
      needs_label: verdict.needsLabel,
      manual_review: verdict.manualReview,
      receipt_no: verdict.receiptNo,
      errors: JSON.stringify(verdict.findings.filter((f) => isError(f.code))),
      warnings: JSON.stringify(verdict.findings.filter((f) => !isError(f.code))),
      cells: JSON.stringify(row.cells),
    };
  });
  const size = rowsPerStatement(engine, COLUMNS);
  for (let i = 0; i < records.length; i += size) {
    await knex('import_rows').insert(records.slice(i, i + size));
  }
}
