import type { Knex } from 'knex';
import type { Finding, RowStatus } from '../domain/Finding.js';

/** One stored per-row result, as every report format reads it. */
export interface ReportRow {
  readonly seq: number;
  readonly sheet: string | null;
  readonly row: number;
  readonly supportId: string;
  readonly packModel: string;
  readonly packSerial: string;
  readonly status: RowStatus;
  readonly receiptNo: string | null;
  readonly serviceEnd: string | null;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly cells: readonly string[];
}

const PAGE = 5_000;

/**
 * The stored rows of an import in input order, a page at a time (keyset pagination on seq), so a
 * million-row report streams with bounded memory on both engines. Statuses and receipt numbers of
 * committed rows come from their registrations (the `import_row_results` view, migration 0006).
 */
export async function* readReportRows(knex: Knex, importId: string): AsyncGenerator<ReportRow> {
  let after = 0;
  for (;;) {
    const page = await knex('import_row_results')
      .where({ import_id: importId })
      .andWhere('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .select('seq', 'sheet', 'row_number', 'support_id', 'pack_model', 'pack_serial', 'status', 'receipt_no', 'service_end', 'errors', 'warnings', 'cells');
    for (const r of page) {
      yield {
        seq: r.seq,
        sheet: r.sheet,
        row: r.row_number,
        supportId: r.support_id,
        packModel: r.pack_model,
        packSerial: r.pack_serial,
        status: r.status,
        receiptNo: r.receipt_no,
        serviceEnd: r.service_end,
        errors: r.errors,
        warnings: r.warnings,
        cells: r.cells,
      };
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].seq;
  }
}
