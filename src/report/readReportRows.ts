import type { Knex } from 'knex';
import { turnOffJitAndWorkers } from '../db/withoutJit.js';
import type { ApplicationStatus } from '../domain/applicationStatus.js';
import type { Finding, RowStatus } from '../domain/Finding.js';
import type { ImportRowRecord } from '../staging/stagedColumns.js';

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

/** Rows a page holds at most… */
const PAGE = 5_000;
/**
 * …and bytes of echoed cells (their JSON text) beyond its first row: rows as wide as the limits
 * allow (up to 400,000 characters each) would otherwise make a page of 5,000 rows the size of the
 * whole file (docs/reliability.md §8). A typical page of 5,000 rows holds ≈ 1–1.5 MB.
 */
export const PAGE_CHARS = 2 * 1024 * 1024;

/**
 * The stored rows of an import in input order, a page at a time (keyset pagination on seq), so a
 * million-row report streams with bounded memory on both engines: two pages at most. Statuses and receipt numbers of
 * committed rows come from their registrations (the `import_row_results` view, migration 0006);
 * the application's status is read beside them, so a report rebuilt after a review tells it.
 */
export async function* readReportRows(knex: Knex, importId: string, pageChars = PAGE_CHARS): AsyncGenerator<ReportRow> {
  // The next page is asked for before this one is handed out: the server reads it while the
  // report renders this one (a page of 5,000 rows is ≈ 20–30 ms of query at 1M rows, 200 pages).
  let next = readReportPage(knex, importId, 0, pageChars);
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    next = readReportPage(knex, importId, page[page.length - 1]!.seq, pageChars);
    // Awaited on the next turn, which rethrows it; left unawaited if the reader stops early.
    next.catch(() => undefined);
    yield* page;
  }
}

/**
 * A page's row as the statement returns it: the staged columns as declared (`ImportRowRecord`),
 * the results view's status and receipt number, and the JSON columns parsed.
 */
type PageRecord = Pick<ImportRowRecord, 'seq' | 'sheet' | 'row_number' | 'support_id' | 'pack_model' | 'pack_serial' | 'service_end'> & {
  readonly status: RowStatus;
  readonly receipt_no: string | null;
  readonly application_status: ApplicationStatus | null;
  readonly errors: Finding[];
  readonly warnings: Finding[];
  readonly cells: string[];
};

/**
 * The rows after `after`: up to PAGE rows, cut where their cells pass `pageChars` (the first row
 * is always in, however wide; `reportPageQuery`).
 */
export async function readReportPage(knex: Knex, importId: string, after: number, pageChars = PAGE_CHARS): Promise<ReportRow[]> {
  const page: PageRecord[] = await knex.transaction(async (trx) => {
    await turnOffJitAndWorkers(trx);
    return reportPageQuery(trx, importId, after, pageChars);
  });
  return page.map((r) => ({
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
  }));
}

/**
 * The statement of a page (readReportPage runs it without JIT or parallel workers). The cut is
 * found first, on `import_rows` itself: a running sum of each row's stored cell text
 * (`octet_length` reads a TOASTed value's size from its pointer, so wide rows are not fetched to
 * be measured); the page then reads the rows up to it.
 */
export function reportPageQuery(knex: Knex, importId: string, after: number, pageChars = PAGE_CHARS): Knex.QueryBuilder {
  const sized = knex('import_rows')
    .where('import_id', importId)
    .andWhere('seq', '>', after)
    .orderBy('seq')
    .limit(PAGE)
    .select('seq', knex.raw('sum(octet_length(cells)) over (order by seq) - octet_length(cells) as bytes_before'));
  const last = knex.from(sized.as('s')).where('s.bytes_before', '<', pageChars).max('s.seq');
  // The application's status by its receipt number, one index probe per row: as a join, a page
  // estimated at thousands of rows (any import of a million) hashed the whole applications table —
  // every reseller's, ever — for every page (1M-row import beside 50,000 applications: 34–43 ms a
  // page as a join, 21–23 ms so; BENCHMARKS.md, fifteenth round).
  return knex('import_row_results as r')
    .where('r.import_id', importId)
    .andWhere('r.seq', '>', after)
    .andWhere('r.seq', '<=', last)
    .orderBy('r.seq')
    .select('r.seq', 'r.sheet', 'r.row_number', 'r.support_id', 'r.pack_model', 'r.pack_serial', 'r.status', 'r.receipt_no',
      knex.raw('(select a.status from applications a where a.receipt_no = r.receipt_no) as application_status'), 'r.service_end', 'r.errors', 'r.warnings', 'r.cells');
}
