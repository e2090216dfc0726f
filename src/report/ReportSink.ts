import type { Knex } from 'knex';
import { readReportRows, type ReportRow } from './readReportRows.js';

/**
 * One report being written, fed the import's stored rows by `feedReportSinks`: several reports
 * asked for at once (`--report a.json --report b.xlsx --rejects c.xlsx`) share one read of the
 * rows — reading a million rows back is most of a text report's time (BENCHMARKS.md, seventeenth
 * round).
 */
export interface ReportSink {
  /** Whether the report needs the rows at all (a clean import's rejects file does not). */
  readonly wantsRows: boolean;
  /** Take one row; true when `flush` is due before the next (no promise per row). */
  add(row: ReportRow): boolean;
  /** Hand what is gathered on, waiting while the output is behind. */
  flush(): Promise<void>;
  /** Write what follows the rows; the report is complete when this resolves. */
  end(): Promise<void>;
}

/**
 * Feed every sink the rows of `importId` in input order, one read for all of them (none when no
 * sink wants rows), then end each. A sink that asks to flush is waited for before the next row,
 * so the slowest output sets the pace and nothing piles up in memory behind it.
 */
export async function feedReportSinks(knex: Knex, importId: string, sinks: readonly ReportSink[]): Promise<void> {
  const reading = sinks.filter((sink) => sink.wantsRows);
  if (reading.length > 0) {
    for await (const row of readReportRows(knex, importId)) {
      for (const sink of reading) if (sink.add(row)) await sink.flush();
    }
  }
  for (const sink of sinks) await sink.end();
}
