import type { Lang } from '../domain/lang.js';
import { renderFinding } from '../domain/rowCodes.js';
import { chunkedText } from './chunkedText.js';
import type { ImportRecord } from './loadImportRecord.js';
import type { ReportRow } from './readReportRows.js';
import type { ReportSink } from './ReportSink.js';

/**
 * The JSON report of SPEC §6, written as a stream: the header fields, then the rows 64 K characters
 * at a time, so a million-row report never exists as one string.
 */
export function openJsonReport(record: ImportRecord, lang: Lang, out: NodeJS.WritableStream): ReportSink {
  const text = chunkedText(out);
  const head = {
    importId: record.id,
    file: record.fileName,
    sha256: record.sha256,
    reseller: record.reseller,
    dryRun: record.dryRun,
    // finished, or cancelled (issue 20 item 4: rows not committed are held with IMPORT_CANCELLED).
    status: record.status,
    // A dry run's plan, to commit exactly what it previewed (`import --plan`, POST …/commit).
    planId: record.planId,
    atomicity: record.atomicity,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    summary: record.summary,
    applications: record.applications,
    fileWarnings: (record.facts?.fileWarnings ?? []).map((w) => {
      const { code, message } = renderFinding({ code: w.code, field: null, params: w.params }, lang);
      return { code, message };
    }),
  };
  const headText = JSON.stringify(head);
  text.add(`${headText.slice(0, -1)},"rows":[`);
  let first = true;
  const add = (r: ReportRow): boolean => {
    const row = {
      sheet: r.sheet,
      row: r.row,
      supportId: r.supportId,
      packModel: r.packModel,
      packSerial: r.packSerial,
      status: r.status,
      receiptNo: r.receiptNo,
      serviceEnd: r.serviceEnd,
      errors: r.errors.map((f) => renderFinding(f, lang)),
      warnings: r.warnings.map((f) => renderFinding(f, lang)),
    };
    const full = text.add(`${first ? '' : ','}\n${JSON.stringify(row)}`);
    first = false;
    return full;
  };
  return {
    wantsRows: true,
    add,
    flush: text.flush,
    async end() {
      text.add('\n]}\n');
      await text.flush();
    },
  };
}
