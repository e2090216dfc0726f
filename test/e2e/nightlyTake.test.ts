import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { runNightly } from '../../src/jobs/runNightly.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine, testConfig } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, listFiles, makeInbox, waitFor, whenOpened, whenRead } from './nightlyKit.js';

/**
 * SPEC §7 Nightly: "A file still being written (changed in the last minute, or changed while it is
 * read) waits for the next run; symlinks … are refused; the bytes hashed are the bytes imported."
 * These tests change a file while packreg has it open, or while its rows are being committed: the
 * moment is observed (the file among this process's open files, registrations appearing), never
 * announced by the product.
 */
const CONTRACTS = 1_000;
const SERIALS = 10_000;
const supportId = (i: number) => String(310_000_000 + (i % CONTRACTS));
const serial = (i: number) => `SWX-${String(i).padStart(5, '0')}`;
const HEADER = 'support id,pack model,pack serial,product model,product serial,service start,memo';
/** A long cell in a column packreg does not know (remarks are capped) makes a file of a few MB: reading it takes a while. */
const MEMO = '備考'.repeat(700);
const line = (i: number) => `${supportId(i)},SP-SW-36,${serial(i)},EXP-5800-R120,PS-${serial(i)},2026-12-01,${MEMO}`;
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `${line(from + k)}\n`).join('');
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

describeEachEngine('nightly: the bytes hashed are the bytes imported', (t) => {
  const made: string[] = [];
  /** An inbox of its own, removed after the block: the files here are tens of MB. */
  const newInbox = async () => {
    const inbox = await makeInbox();
    made.push(path.dirname(inbox));
    return inbox;
  };
  const ctx = () => t().context({ clock: systemClock, config: { nightly: { ...testConfig().nightly, quietMs: 60_000 } } });
  const registered = async (from: number, to: number) =>
    Number((await t().db.knex('registrations').whereBetween('pack_serial', [serial(from), serial(to - 1)]).count({ n: '*' }))[0]?.n);
  const outsideRegistered = async () => Number((await t().db.knex('registrations').where('pack_serial', 'like', 'OUT-%').count({ n: '*' }))[0]?.n);

  beforeAll(async () => {
    const dir = await writeReferenceDir((files) => {
      for (let c = 0; c < CONTRACTS; c += 1) {
        files['contracts.csv']?.push(`${supportId(c)},顧客${c},システム,RS001,active`);
        files['service_users.csv']?.push(`U-ADMIN1,${supportId(c)},admin,髙橋 一郎,admin1@example.jp,100-0001,東京都千代田区千代田1-1,,03-1234-5678`);
      }
      for (let i = 0; i < SERIALS; i += 1) files['pack_serials.csv']?.push(`${serial(i)},SP-SW-36`);
      for (let i = 1; i <= 5; i += 1) files['pack_serials.csv']?.push(`OUT-000${i},SP-SW-36`);
    });
    await loadReference(t().context(), dir);
  });
  afterAll(async () => {
    for (const dir of made) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a name swapped for a link to a file outside the inbox while it is read: nothing from outside is imported, the honest bytes are not marked done', async () => {
    const inbox = await newInbox();
    const outsideDir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-outside-'));
    made.push(outsideDir);
    const outside = path.join(outsideDir, 'secret.csv');
    await fs.writeFile(outside, `${HEADER}\n${[1, 2, 3, 4, 5].map((i) => `300000001,SP-SW-36,OUT-000${i},EXP-5800-R120,PS-OUT-${i},2026-12-01,x`).join('\n')}\n`);
    const honest = `${HEADER}\n${rows(0, 3_000)}`;
    const file = await dropFile(inbox, 'RS001', 'honest.csv', honest);
    // The attacker's move: a link created beside the file, renamed over it (one atomic step).
    const swap = whenOpened(file, async () => {
      await fs.symlink(outside, `${file}.tmp-link`);
      await fs.rename(`${file}.tmp-link`, file);
    });
    const first = await runNightly(ctx(), { inbox, lang: 'en' });
    swap.stop();
    expect(await swap.acted, 'the swap must happen while the file is open for this test to mean anything').toBe(true);
    expect(await outsideRegistered()).toBe(0);
    const during = first.files.find((f) => f.file === 'honest.csv');
    // Read before the swap landed (imported: the honest bytes, filed with their report) or during it (waiting).
    expect(['waiting', 'imported']).toContain(during?.outcome);
    const ledger = await t().db.knex('nightly_files').where({ reseller_code: 'RS001' }).select('sha256', 'status');
    expect(ledger.every((e: { sha256: string }) => e.sha256 === sha256(honest))).toBe(true);
    if (during?.outcome === 'waiting') expect(ledger).toEqual([]);

    // The next run finds the link itself: refused, and the file it points at is not read.
    const second = await runNightly(ctx(), { inbox, lang: 'en' });
    expect(second.files).toMatchObject([{ file: 'honest.csv', outcome: 'refused', reason: 'symlink' }]);
    expect(await outsideRegistered()).toBe(0);
    expect(await fs.readFile(outside, 'utf8')).toContain('OUT-0005');

    // The reseller uploads the honest file again: every row of it is registered, once.
    await fs.unlink(file);
    await dropFile(inbox, 'RS001', 'honest.csv', honest);
    const third = await runNightly(ctx(), { inbox, lang: 'en' });
    expect(['imported', 'already_imported']).toContain(third.files[0]?.outcome);
    expect(await registered(0, 3_000)).toBe(3_000);
    expect(await outsideRegistered()).toBe(0);
    expect(await listFiles(inbox)).toEqual([]);
  }, 240_000);

  it('a file that changes while it is read waits for the next run, with nothing of it committed', async () => {
    const inbox = await newInbox();
    const before = `${HEADER}\n${rows(3_000, 5_000)}`;
    const file = await dropFile(inbox, 'RS001', 'resumed.csv', before);
    // The upload resumes after a stall longer than the quiet period, just as packreg reads it:
    // once the first bytes are read (an append between the open and the first look at the file
    // would be `changed_recently`, as it should be), and at once (not on the thread pool, where it
    // could land after packreg's last look).
    const resume = whenRead(file, () => appendFileSync(file, rows(5_000, 6_000)));
    const first = await runNightly(ctx(), { inbox, lang: 'en' });
    resume.stop();
    expect(await resume.acted, 'the upload must resume while the file is open').toBe(true);
    expect(first.files).toMatchObject([{ file: 'resumed.csv', outcome: 'waiting', reason: 'changed_while_read' }]);
    expect(first.counts).toMatchObject({ waiting: 1, imported: 0 });
    expect(first.waiting).toEqual([{ reseller: 'RS001', file: 'resumed.csv' }]);
    expect(await registered(3_000, 6_000)).toBe(0);
    expect(Number((await t().db.knex('import_batches').where({ file_name: 'resumed.csv' }).count({ n: '*' }))[0]?.n)).toBe(0);
    expect(await listFiles(inbox)).toEqual(['RS001/resumed.csv']);

    // Quiet again: the next run imports the whole file.
    const at = new Date(Date.now() - 10 * 60_000);
    await fs.utimes(file, at, at);
    const second = await runNightly(ctx(), { inbox, lang: 'en' });
    expect(second.files).toMatchObject([{ file: 'resumed.csv', outcome: 'imported', summary: { rows: 3_000, registered: 3_000 } }]);
    expect(await registered(3_000, 6_000)).toBe(3_000);
  }, 240_000);

  it('a file that grows while its rows are committed: what was imported is filed with its report, the grown file stays for the next run', async () => {
    const inbox = await newInbox();
    const file = await dropFile(inbox, 'RS001', 'growing.csv', `${HEADER}\n${rows(6_000, 9_000)}`);
    const run = runNightly(ctx(), { inbox, lang: 'en' });
    await waitFor(async () => (await registered(6_000, 9_000)) > 0, 120_000, 20);
    await fs.appendFile(file, rows(9_000, 10_000));
    const first = await run;
    expect(first.files).toMatchObject([{ file: 'growing.csv', outcome: 'imported', reason: 'changed_after_read', summary: { rows: 3_000, registered: 3_000 } }]);
    expect(await listFiles(inbox)).toEqual(['RS001/growing.csv']);
    await expectFiledAsReported(path.join(inbox, '..', 'done', 'RS001'));

    const at = new Date(Date.now() - 10 * 60_000);
    await fs.utimes(file, at, at);
    const second = await runNightly(ctx(), { inbox, lang: 'en' });
    expect(second.files).toMatchObject([{ file: 'growing.csv', outcome: 'imported', summary: { rows: 4_000, already_registered: 3_000, registered: 1_000 } }]);
    expect(await registered(6_000, 10_000)).toBe(4_000);
    expect(await listFiles(inbox)).toEqual([]);
    await expectFiledAsReported(path.join(inbox, '..', 'done', 'RS001'));
  }, 240_000);
});

/** Every file filed in `folder` is exactly the bytes its report describes (sha256 and row count). */
async function expectFiledAsReported(folder: string): Promise<void> {
  const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.csv'));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const bytes = await fs.readFile(path.join(folder, name));
    const report = JSON.parse(await fs.readFile(path.join(folder, `${name}.report.json`), 'utf8'));
    expect(report.sha256, `${name}: the report is of these bytes`).toBe(sha256(bytes));
    expect(report.rows, `${name}: one report row per data line`).toHaveLength(bytes.toString('utf8').trim().split('\n').length - 1);
  }
}
