import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { addPlainRow, makeReportWorkbook, sheetBackpressure } from '../../../src/report/reportWorkbook.js';

/** The uncompressed sheet XML waiting for the zip's deflate (exceljs 4.4 / archiver internals). */
const backlogOf = (sheet: object): number =>
  ((sheet as { stream: { pipes: Array<{ _writableState: { length: number } }> } }).stream.pipes[0]!._writableState.length);

/**
 * Rows rendered in bursts, as the reports render a page of readReportRows between two queries:
 * the event loop turns only between bursts. Returns the largest backlog seen after a row.
 */
async function writeInBursts(wait: boolean): Promise<number> {
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const workbook = makeReportWorkbook(sink);
  const sheet = workbook.addWorksheet('s');
  addPlainRow(sheet, ['memo', 'n']).commit();
  const drained = sheetBackpressure(sheet);
  let peak = 0;
  for (let burst = 0; burst < 4; burst += 1) {
    for (let i = 0; i < 5_000; i += 1) {
      addPlainRow(sheet, [randomBytes(90).toString('hex'), i]).commit();
      if (wait) await drained();
      peak = Math.max(peak, backlogOf(sheet));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  return peak;
}

describe('sheetBackpressure', () => {
  it('keeps the sheet XML waiting for deflate near 1 MB while rows come in bursts (without it: a whole burst)', { timeout: 120_000 }, async () => {
    const MB = 1024 * 1024;
    const waited = await writeInBursts(true);
    expect(waited / MB).toBeLessThan(1.2);
    // The same rows without waiting: the bursts pile up (≈ 5.5 MB here; 1 GB for a million-row report).
    expect((await writeInBursts(false)) / MB).toBeGreaterThan(3);
  });

  it('fails loudly, not silently, on a sheet without the streams it expects', () => {
    expect(() => sheetBackpressure({} as never)).toThrow(/exceljs internals changed/);
  });
});
