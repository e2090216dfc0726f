import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PRODUCT_FLAGS } from '../../bench/productFlags.js';
import { loadConfig } from '../../src/config.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { makeLogger } from '../../src/log.js';
import { fixedClock } from '../../src/clock.js';
import { BIN, cliEnv } from '../helpers/runCli.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { UPLOAD_HEADERS, uploadRow } from '../helpers/uploadFile.js';
import { RSS_MB, runWatched } from './hostileProbe.js';
import { cliDatabase, withDb, type CliDatabase } from './reliabilityKit.js';

/**
 * Rows as wide as the limits allow, in a file just under the 50 MB size limit: twelve extra
 * columns of 1,990 characters (each cell under the 2,000-character limit, the columns unknown, so
 * only echoed), about 2,100 rows of 24 KB. A batch of 2,000 such rows is 48 MB of cells before
 * any copy of them: memory must be bounded by what the rows weigh, not only by how many they are.
 * The CLI as a reseller runs it (the product's node flags), watched for SPEC §6's RSS budget.
 * PostgreSQL only: PGlite keeps its database server in the importer's process (BENCHMARKS.md).
 */
const skip = inject('pgUnavailable') !== null;

(skip ? describe.skip : describe)('rows as wide as the limits allow, under the RSS budget [postgres]', () => {
  let db: CliDatabase;
  let dir: string;
  let file: string;
  const WIDE_COLUMNS = 12;

  beforeAll(async () => {
    db = await cliDatabase('postgres');
    await withDb(db, async (database) => {
      const ctx = { config: loadConfig({ PACKREG_TODAY: '2026-11-25' }), db: database, log: makeLogger('silent'), clock: fixedClock('2026-11-25T03:00:00Z') };
      await loadReference(ctx, await writeReferenceDir());
    });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-wide-'));
    file = path.join(dir, 'wide.csv');
    const header = [...UPLOAD_HEADERS, ...Array.from({ length: WIDE_COLUMNS }, (_, i) => `memo ${i + 1}`)].join(',');
    const filler = Array.from({ length: WIDE_COLUMNS }, (_, i) => String.fromCharCode(0x61 + i).repeat(1_990)).join(',');
    const lines = [header];
    let size = header.length;
    for (let i = 0; size < 49 * 1024 * 1024; i += 1) {
      const line = `${uploadRow({ supportId: '300000001', packModel: 'SP-SW-36', serial: `WIDE-${i}` }).join(',')},${filler}`;
      lines.push(line);
      size += line.length + 2;
    }
    await fs.writeFile(file, `${lines.join('\r\n')}\r\n`);
  }, 120_000);

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const packreg = (args: string[]) =>
    runWatched([...PRODUCT_FLAGS, BIN, ...args], cliEnv(db.env), [0, 1]);

  it('a dry run', { timeout: 300_000 }, async () => {
    const { stdout, peakRssMb } = await packreg(['import', file, '--reseller', 'RS001', '--dry-run', '--json']);
    expect(JSON.parse(stdout).summary.rows).toBeGreaterThan(2_000);
    expect(peakRssMb).toBeLessThan(RSS_MB);
  });

  it('an import with a JSON, a CSV and an XLSX report and a rejects file', { timeout: 300_000 }, async () => {
    const reports = ['r.json', 'r.csv', 'r.xlsx'].flatMap((name) => ['--report', path.join(dir, name)]);
    const { stdout, peakRssMb } = await packreg(['import', file, '--reseller', 'RS001', ...reports, '--rejects', path.join(dir, 'rejects.xlsx'), '--json']);
    expect(JSON.parse(stdout).summary.rows).toBeGreaterThan(2_000);
    expect((await fs.stat(path.join(dir, 'r.csv'))).size).toBeGreaterThan(49 * 1024 * 1024);
    expect(peakRssMb).toBeLessThan(RSS_MB);
  });
});
