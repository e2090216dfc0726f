import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { enqueueInbox, type ImportFilePayload } from '../../src/jobs/enqueueInbox.js';
import { importFileJob } from '../../src/jobs/importFileJob.js';
import { runNightly, type NightlyRun } from '../../src/jobs/runNightly.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { describeEachEngine, testConfig } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { dropFile, dropFileBytes, listFiles, makeInbox, rawNames, runCli, softwareRows } from './nightlyKit.js';

/** `登録依頼.csv` as a Windows share writes it (CP932), and a name with bytes of no encoding. */
const CP932_NAME = iconv.encode('登録依頼.csv', 'cp932');
const INVALID_NAME = Buffer.concat([Buffer.from('bad'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('.csv')]);
const CP932_FOLDER = iconv.encode('販売店', 'cp932');

/**
 * SPEC §7 Nightly: "symlinks and anything that is not a regular file are refused; names in any
 * encoding are imported, and every inbox entry appears in the run summary".
 */
describeEachEngine('nightly: every inbox entry appears in the run summary', (t) => {
  let inbox: string;
  let root: string;
  let outside: string;
  let run: NightlyRun;
  let socket: net.Server | undefined;
  const ctx = () => t().context({ clock: systemClock, config: { nightly: { ...testConfig().nightly, quietMs: 60_000 } } });
  const registered = async () => (await t().db.knex('registrations').orderBy('pack_serial').pluck('pack_serial')) as string[];

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    inbox = await makeInbox();
    root = path.dirname(inbox);
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-outside-'));
    // Files outside the inbox that a link in it points at: valid uploads, so reading them would register them.
    await fs.writeFile(path.join(outside, 'secret.csv'), softwareRows([['300000001', 'SW-0004']]));
    await fs.mkdir(path.join(outside, 'folder'));
    await fs.writeFile(path.join(outside, 'folder', 'other.csv'), softwareRows([['300000009', 'SW-0005']]));

    await dropFile(inbox, 'RS001', 'good.csv', softwareRows([['300000001', 'SW-0001']]));
    await dropFileBytes(inbox, 'RS001', CP932_NAME, softwareRows([['300000002', 'SW-0002']]));
    await dropFileBytes(inbox, 'RS001', INVALID_NAME, softwareRows([['300000001', 'SW-0003']]));
    await fs.symlink(path.join(outside, 'secret.csv'), path.join(inbox, 'RS001', 'link.csv'));
    execFileSync('mkfifo', [path.join(inbox, 'RS001', 'pipe.csv')]); // a reader that opens it blocking would hang the run
    await fs.mkdir(path.join(inbox, 'RS001', 'folder.csv'));
    await fs.writeFile(path.join(inbox, 'RS001', 'folder.csv', 'inner.csv'), softwareRows([['300000001', 'HW-0001']]));
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(inbox, 'RS001', 'sock.csv'), resolve));
    socket = server;
    await dropFile(inbox, 'RS001', 'notes.txt', 'not an upload');
    await dropFile(inbox, 'RS001', '~$book.xlsx', 'Excel lock file');
    await dropFile(inbox, 'RS001', 'upload.csv.filepart', 'half an upload');
    await dropFile(inbox, 'RS001', 'writing.csv', softwareRows([['300000001', 'HW-0002']]), 0);
    // A reseller folder that is a link to somewhere else: nothing is read through it.
    await fs.symlink(path.join(outside, 'folder'), path.join(inbox, 'RS002'));
    await dropFile(inbox, 'XX999', 'stranger.csv', softwareRows([['300000001', 'PC-0002']]));
    await fs.mkdir(Buffer.concat([Buffer.from(`${inbox}/`), CP932_FOLDER]));
    await fs.writeFile(path.join(inbox, 'stray.csv'), softwareRows([['300000001', 'HW-0003']]));
    run = await runNightly(ctx(), { inbox, lang: 'en' });
  }, 180_000);

  afterAll(async () => {
    await new Promise((resolve) => socket?.close(resolve));
  });

  it('imports names in any encoding, shows them readably and files them under their own bytes', async () => {
    const byName = new Map(run.files.map((f) => [`${f.reseller ?? ''}/${f.file}`, f]));
    expect(byName.get('RS001/good.csv')).toMatchObject({ outcome: 'imported', summary: { registered: 1 } });
    expect(byName.get('RS001/登録依頼.csv')).toMatchObject({ outcome: 'imported', summary: { registered: 1 } });
    expect(byName.get('RS001/bad\\xff\\xfe\\x80.csv')).toMatchObject({ outcome: 'imported', summary: { registered: 1 } });
    expect(await registered()).toEqual(['SW-0001', 'SW-0002', 'SW-0003']);

    const done = await rawNames(path.join(root, 'done', 'RS001'));
    for (const name of [CP932_NAME, INVALID_NAME]) {
      for (const suffix of ['', '.report.json', '.report.xlsx']) {
        expect(done.some((n) => n.equals(Buffer.concat([name, Buffer.from(suffix)]))), `${name.toString('hex')}${suffix} in done/`).toBe(true);
      }
    }
    const report = JSON.parse(await fs.readFile(Buffer.concat([Buffer.from(path.join(root, 'done', 'RS001') + '/'), CP932_NAME, Buffer.from('.report.json')]), 'utf8'));
    expect(report).toMatchObject({ file: '登録依頼.csv', summary: { registered: 1 } });
    const moved = await fs.readFile(Buffer.concat([Buffer.from(path.join(root, 'done', 'RS001') + '/'), INVALID_NAME]), 'utf8');
    expect(moved).toBe(softwareRows([['300000001', 'SW-0003']]));
  });

  it('refuses links and what is not a regular file, reading nothing through them', async () => {
    const outcome = (reseller: string | null, file: string) => run.files.find((f) => f.reseller === reseller && f.file === file);
    expect(outcome('RS001', 'link.csv')).toMatchObject({ outcome: 'refused', reason: 'symlink' });
    expect(outcome('RS001', 'pipe.csv')).toMatchObject({ outcome: 'refused', reason: 'fifo' });
    expect(outcome('RS001', 'folder.csv')).toMatchObject({ outcome: 'refused', reason: 'directory' });
    expect(outcome('RS001', 'sock.csv')).toMatchObject({ outcome: 'refused', reason: 'socket' });
    expect(outcome(null, 'RS002')).toMatchObject({ outcome: 'refused', reason: 'symlink' });
    expect(await registered()).not.toContain('SW-0004');
    expect(await registered()).not.toContain('SW-0005');
    expect(await listFiles(outside)).toEqual(['folder/other.csv', 'secret.csv']);
    // Refused entries are left where they are, for the operator to look at.
    const left = (await fs.readdir(path.join(inbox, 'RS001'))).sort();
    expect(left).toEqual(['folder.csv', 'link.csv', 'notes.txt', 'pipe.csv', 'sock.csv', 'upload.csv.filepart', 'writing.csv', '~$book.xlsx']);
  });

  it('lists skipped, waiting and unknown entries too, and counts every outcome', async () => {
    const outcome = (reseller: string | null, file: string) => run.files.find((f) => f.reseller === reseller && f.file === file);
    expect(outcome('RS001', 'notes.txt')).toMatchObject({ outcome: 'skipped', reason: 'not_csv_or_xlsx' });
    expect(outcome('RS001', '~$book.xlsx')).toMatchObject({ outcome: 'skipped', reason: 'office_lock_file' });
    expect(outcome('RS001', 'upload.csv.filepart')).toMatchObject({ outcome: 'skipped', reason: 'not_csv_or_xlsx' });
    expect(outcome('RS001', 'writing.csv')).toMatchObject({ outcome: 'waiting', reason: 'changed_recently' });
    expect(outcome(null, 'stray.csv')).toMatchObject({ outcome: 'skipped', reason: 'not_in_reseller_folder' });
    expect(run.waiting).toEqual([{ reseller: 'RS001', file: 'writing.csv' }]);
    expect(run.unknownFolders).toEqual(['XX999', '販売店']);
    expect(run.counts).toMatchObject({ imported: 3, refused: 5, skipped: 4, waiting: 1, failed: 0, error: 0 });
    expect(run.files).toHaveLength(3 + 5 + 4 + 1);
    const summary = JSON.parse(await fs.readFile(run.summaryFile, 'utf8'));
    expect(summary.counts).toEqual(run.counts);
    expect(summary.files.map((f: { file: string }) => f.file)).toContain('登録依頼.csv');
  });

  it('makes `packreg nightly` exit 3 while refused entries are in the inbox, naming them (PostgreSQL)', async (test) => {
    if (!t().url) test.skip(); // the CLI opens its own database: PostgreSQL (PGlite is held by this process)
    const text = await runCli(['nightly', '--inbox', inbox, '--once', '--lang', 'en'], { DATABASE_URL: t().url ?? '' });
    expect(text.code, text.stderr).toBe(3);
    expect(text.stdout).toMatch(/refused 5/);
    expect(text.stdout).toMatch(/RS001\/"link\.csv": refused \(symlink\)/);
    expect(text.stdout).toMatch(/"RS002": refused \(symlink\)/);
    const json = await runCli(['nightly', '--inbox', inbox, '--once', '--json'], { DATABASE_URL: t().url ?? '' });
    expect(json.code).toBe(3);
    const summary = JSON.parse(json.stdout);
    expect(summary.counts).toMatchObject({ refused: 5, imported: 0 });
  }, 180_000);

  it('queues a CP932-named file for a worker by its bytes, and the job imports it', async () => {
    const queue = await makeInbox();
    const name = iconv.encode('ソフト表.csv', 'cp932'); // 表 ends in 0x5C, a backslash in ASCII
    await dropFileBytes(queue, 'RS001', name, softwareRows([['300000002', 'HW-0004']]));
    await fs.symlink(outside, path.join(queue, 'RS001', 'elsewhere.csv'));
    const jobs: unknown[] = [];
    const result = await enqueueInbox(ctx(), queue, (async (_task: string, payload: unknown) => { jobs.push(payload); }) as never);
    expect(result).toMatchObject({ queued: 1, waiting: 0 });
    expect(jobs).toEqual([expect.objectContaining({ reseller: 'RS001', file: 'ソフト表.csv', fileHex: name.toString('hex') })]);
    const outcome = await importFileJob(ctx(), queue, jobs[0] as ImportFilePayload, 'en');
    expect(outcome).toMatchObject({ outcome: 'imported', file: 'ソフト表.csv', summary: { rows: 1 } });
    expect((await rawNames(path.join(path.dirname(queue), 'done', 'RS001'))).some((n) => n.equals(name))).toBe(true);
  });
});
