import type { Knex } from 'knex';
import type { ApplicationStatus } from '../domain/applicationStatus.js';
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
  /** The status of the application the receipt number names, as it is now (after any review). */
  readonly applicationStatus: ApplicationStatus | null;
  readonly serviceEnd: string | null;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly cells: readonly string[];
}

const PAGE = 5_000;

/**
 * The stored rows of an import in input order, a page at a time (keyset pagination on seq), so a
 * million-row report streams with bounded memory on both engines. Statuses and receipt numbers of
 * committed rows come from their registrations (the `import_row_results` view, migration 0006);
 * the application's status is read beside them, so a report rebuilt after a review tells it.
 */
export async function* readReportRows(knex: Knex, importId: string): AsyncGenerator<ReportRow> {
  let after = 0;
  for (;;) {
    const page = await knex('import_row_results as r')
      .leftJoin('applications as a', 'a.receipt_no', 'r.receipt_no')
      .where('r.import_id', importId)
      .andWhere('r.seq', '>', after)
      .orderBy('r.seq')
      .limit(PAGE)
      .select('r.seq', 'r.sheet', 'r.row_number', 'r.support_id', 'r.pack_model', 'r.pack_serial', 'r.status', 'r.receipt_no',
        'a.status as application_status', 'r.service_end', 'r.errors', 'r.warnings', 'r.cells');
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
        applicationStatus: r.application_status ?? null,
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
