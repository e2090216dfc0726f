import type { Knex } from 'knex';
import { once } from 'node:events';
import type { Lang } from '../domain/lang.js';
import { renderFinding } from '../domain/rowCodes.js';
import type { ImportRecord } from './loadImportRecord.js';
import { readReportRows } from './readReportRows.js';

/**
 * The JSON report of SPEC §6, written as a stream: the header fields, then the rows 64 KB at a
 * time, so a million-row report never exists as one string.
 */
export async function writeJsonReport(
  knex: Knex,
  record: ImportRecord,
  lang: Lang,
  out: NodeJS.WritableStream,
): Promise<void> {
  // Rows are written a chunk at a time, not one write (and one wait) per row.
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (!out.write(text)) await once(out, 'drain');
  };
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
  pending = `${headText.slice(0, -1)},"rows":[`;
  let first = true;
  for await (const r of readReportRows(knex, record.id)) {
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
    pending += `${first ? '' : ','}\n${JSON.stringify(row)}`;
    first = false;
    if (pending.length >= CHUNK_CHARS) await flush();
  }
  pending += '\n]}\n';
  await flush();
}

/** Characters of rows gathered before a write (a row as wide as the limits allow is one write of its own). */
const CHUNK_CHARS = 64 * 1024;
