import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../../src/import.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { FILLS } from '../../src/report/reportStyles.js';
import { RESULT_ERRORS_INDEX, resultHeaders } from '../../src/report/resultColumns.js';
import { MAX_COMMENTS } from '../../src/report/openXlsxReport.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { COL, HEADER, fillOf, noteOf, readWorkbook, reportOf, tempDir, uploadRow, writeCsvUpload } from './reportsKit.js';

/** Past the comment limit and over a page of readReportRows (5,000 rows). */
const ROWS = MAX_COMMENTS + 1_000;

/**
 * A report of many rejected rows (issue 19). exceljs holds a sheet's comments in memory until the
 * sheet is finished, so only the first MAX_COMMENTS cells with a finding get one; every cell is
 * still filled, and each row's message is in its error column. (The sheet XML's own backpressure:
 * test/unit/report/sheetBackpressure.test.ts; the memory of a million-row report: BENCHMARKS.md.)
 */
describeEachEngine('an XLSX report of more rejected rows than comments', (t) => {
  let importId: string;

  beforeAll(async () => {
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    const dir = await tempDir();
    const rows = Array.from({ length: ROWS }, (_, i) => uploadRow(`BP-${String(i).padStart(5, '0')}`, {
      '社内メモ': randomBytes(40).toString('hex'),
    }));
    const outcome = await importFile(ctx, { path: await writeCsvUpload(dir, 'many.csv', rows), resellerCode: 'RS001', dryRun: true });
    expect(outcome.summary.rejected).toBe(ROWS);
    importId = outcome.importId;
  }, 300_000);

  it(`comments the first ${MAX_COMMENTS} cells, fills them all, and keeps every message in the error column`, { timeout: 300_000 }, async () => {
    const dir = await tempDir();
    const file = await reportOf(t().db.knex, importId, dir, 'xlsx');
    const sheet = (await readWorkbook(file)).worksheets[0]!;
    expect(sheet.rowCount).toBe(ROWS + 1);
    const serial = COL['製品シリアルNo.']! + 1;
    const errorsAt = HEADER.length + RESULT_ERRORS_INDEX + 1;
    expect(sheet.getRow(1).getCell(errorsAt).value).toBe(resultHeaders('ja')[RESULT_ERRORS_INDEX]);
    let commented = 0;
    for (let r = 2; r <= ROWS + 1; r += 1) {
      const cell = sheet.getRow(r).getCell(serial);
      expect(fillOf(cell), `row ${r}`).toBe(FILLS.rejected.type === 'pattern' ? FILLS.rejected.fgColor?.argb : '');
      if (noteOf(cell)) commented += 1;
      else expect(r, 'the uncommented rows are the last ones').toBeGreaterThan(MAX_COMMENTS + 1);
      expect(String(sheet.getRow(r).getCell(errorsAt).value ?? '')).toContain('発行されていません');
    }
    expect(commented).toBe(MAX_COMMENTS);
  });
});
