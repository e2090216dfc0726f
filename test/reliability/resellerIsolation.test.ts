import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/runCli.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { testEngines } from '../helpers/testEnv.js';
import { uploadRow, type UploadRow } from '../helpers/uploadFile.js';
import { cliDatabase, type CliDatabase } from './reliabilityKit.js';

/**
 * Ownership comes first (SPEC §4, §5; issue 15 item 1). The matrix: one file of RS001's support
 * IDs whose rows reach every status a reseller can reach (own), imported by RS002 as it is
 * (another reseller's IDs) and with the IDs swapped for unknown ones, dry and real, through the
 * CLI, the HTTP API and the nightly inbox, before and after RS001 registered the file. RS002's
 * report for RS001's IDs must be the report for unknown IDs, once the ID itself is blanked out:
 * same statuses, codes and messages, no receipt, nothing of RS001's registrations.
 */

const OWNER = 'RS001';
const OTHER = 'RS002';
type Channel = 'cli' | 'http' | 'nightly';
const CHANNELS: readonly Channel[] = ['cli', 'http', 'nightly'];
/** RS001's contracts used by the file (300000003 is expired) → IDs no contract has. */
const UNKNOWN_FOR: Readonly<Record<string, string>> = {
  '300000001': '399999991', '300000002': '399999992', '300000003': '399999993', '300000004': '399999994',
};

/** Serials of a channel: each channel registers its own (`HW-C101` …), so every run starts alike. */
const serial = (channel: Channel, kind: 'HW' | 'SW' | 'NX', n: number) => `${kind}-${channel.toUpperCase()}${n}`;

/**
 * The owner's file. Own statuses (real import, atomicity application): 2 registered, 3
 * pending_review, 4 held (its application has rejected rows), 5 rejected (postal code), 6
 * already_registered (the history file registered the same data), 7 rejected
 * PACK_SERIAL_REGISTERED (registered under another support ID), 8 rejected CONTRACT_INACTIVE,
 * 9 rejected LABEL_RECIPIENT_ROLE. A dry run gives valid, already_registered and rejected.
 */
function ownerRows(c: Channel): UploadRow[] {
  return [
    { supportId: '300000001', packModel: 'SP-HW-12', serial: serial(c, 'HW', 1), label: 'U-ADMIN1' },
    { supportId: '300000004', packModel: 'SP-NX-12', serial: serial(c, 'NX', 1), label: 'U-ADMIN4' },
    { supportId: '300000002', packModel: 'SP-SW-36', serial: serial(c, 'SW', 1) },
    { supportId: '300000002', packModel: 'SP-HW-12', serial: serial(c, 'HW', 2), postal: 'abc', label: 'U-ADMIN1' },
    { supportId: '300000001', packModel: 'SP-SW-36', serial: serial(c, 'SW', 2) },
    { supportId: '300000002', packModel: 'SP-SW-36', serial: serial(c, 'SW', 3) },
    { supportId: '300000003', packModel: 'SP-SW-36', serial: serial(c, 'SW', 4) },
    { supportId: '300000002', packModel: 'SP-HW-12', serial: serial(c, 'HW', 3), label: 'U-MEM2' },
  ];
}

/** What RS001 registered before: row 6's data exactly, and row 7's serial under 300000001. */
function historyRows(c: Channel): UploadRow[] {
  return [
    { supportId: '300000001', packModel: 'SP-SW-36', serial: serial(c, 'SW', 2) },
    { supportId: '300000001', packModel: 'SP-SW-36', serial: serial(c, 'SW', 3) },
  ];
}

const HEADERS = [
  'support id', 'pack model', 'pack serial', 'product model', 'product serial', 'service start',
  'service end', 'postal code', 'address', 'phone', 'options', 'label recipient', 'remarks',
];
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
/** `remarks` makes every file's bytes differ, so the nightly ledger never reuses an earlier report. */
function csv(rows: readonly UploadRow[], remarks: string, ids: Readonly<Record<string, string>> = {}): string {
  const lines = rows.map((r) => [...uploadRow({ ...r, supportId: ids[r.supportId] ?? r.supportId }), remarks]);
  return `${[HEADERS, ...lines].map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`;
}

interface Report {
  summary: Record<string, number>;
  applications: unknown[];
  rows: Array<{ row: number; supportId: string; status: string; receiptNo: string | null; errors: Finding[]; warnings: Finding[] }>;
}
interface Finding { code: string; field: string | null; message: string }

/** A report with the volatile fields dropped and each support ID replaced by its place in the file. */
function comparable(report: Report, ids: readonly string[]): unknown {
  const blank = (text: string) => ids.reduce((t, id, i) => t.split(id).join(`<ID${i}>`), text);
  return JSON.parse(blank(JSON.stringify({ summary: report.summary, applications: report.applications, rows: report.rows })));
}

function expectIndistinguishable(other: Report, unknown: Report, receipts: ReadonlySet<string>, label: string): void {
  const ownerIds = Object.keys(UNKNOWN_FOR);
  expect(comparable(other, ownerIds), label).toEqual(comparable(unknown, Object.values(UNKNOWN_FOR)));
  expect(other.summary.rows, label).toBe(8);
  for (const row of other.rows) {
    expect(row.status, `${label} row ${row.row}`).toBe('rejected');
    expect(row.receiptNo, `${label} row ${row.row}`).toBeNull();
    expect(row.errors.map((e) => e.code), `${label} row ${row.row}`).toContain('SUPPORT_ID_UNKNOWN');
    expect(row.errors.map((e) => e.code), `${label} row ${row.row}`).not.toContain('CONTRACT_INACTIVE');
    expect(row.errors.map((e) => e.code), `${label} row ${row.row}`).not.toContain('LABEL_RECIPIENT_ROLE');
  }
  const text = JSON.stringify(other);
  for (const receipt of receipts) expect(text, label).not.toContain(receipt);
  expect(text, label).not.toMatch(/R\d{13}/);
}

for (const engine of testEngines()) {
  describe(`another reseller's support ID is an unknown one, on every path [${engine}]`, () => {
    let db: CliDatabase;
    let work: string;
    const ownerReceipts = new Set<string>();
    const env = () => ({ ...db.env, PACKREG_LOG_LEVEL: 'error' });

    const cli = async (args: string[], expectCode?: number) => {
      const r = await runCli(args, env());
      if (expectCode !== undefined) expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(expectCode);
      return r;
    };
    const writeFile = async (name: string, text: string) => {
      const file = path.join(work, name);
      await fs.writeFile(file, text);
      return file;
    };
    const readReport = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8')) as Report;
    const remember = (report: Report) => {
      for (const r of report.rows) if (r.receiptNo) ownerReceipts.add(r.receiptNo);
      for (const a of report.applications as Array<{ receiptNo: string }>) ownerReceipts.add(a.receiptNo);
    };

    beforeAll(async () => {
      db = await cliDatabase(engine);
      work = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-isolation-'));
      const reference = await writeReferenceDir((files) => {
        files['contracts.csv']!.push('300000004,第四商事株式会社,審査システム,RS001,active');
        files['service_users.csv']!.push(
          'U-ADMIN4,300000004,admin,四宮 四郎,admin4@example.jp,100-0004,東京都千代田区神田4-4,,03-4444-4444',
          'U-MEM2,300000002,member,二瓶 二郎,mem2@example.jp,100-0005,東京都千代田区神田5-5,,03-5555-5555',
        );
        for (const c of CHANNELS) {
          files['pack_serials.csv']!.push(
            ...[1, 2, 3].map((n) => `${serial(c, 'HW', n)},SP-HW-12`),
            ...[1, 2, 3, 4].map((n) => `${serial(c, 'SW', n)},SP-SW-36`),
            `${serial(c, 'NX', 1)},SP-NX-12`,
          );
        }
      });
      await cli(['reference', 'load', reference], 0);
      for (const c of CHANNELS) {
        const out = path.join(work, `history-${c}.json`);
        await cli(['import', await writeFile(`history-${c}.csv`, csv(historyRows(c), 'history')), '--reseller', OWNER, '--report', out], 0);
        remember(await readReport(out));
      }
    }, 900_000);
    afterAll(async () => {
      await db?.drop();
      if (work) await fs.rm(work, { recursive: true, force: true });
    });

    /** RS001's own dry run and real import: every status a reseller can reach. */
    const expectOwnStatuses = (dry: Report, real: Report) => {
      expect(dry.rows.map((r) => r.status)).toEqual(['valid', 'valid', 'valid', 'rejected', 'already_registered', 'rejected', 'rejected', 'rejected']);
      expect(real.rows.map((r) => r.status)).toEqual(['registered', 'pending_review', 'held', 'rejected', 'already_registered', 'rejected', 'rejected', 'rejected']);
      const codes = real.rows.map((r) => r.errors.map((e) => e.code));
      expect(codes[5]).toContain('PACK_SERIAL_REGISTERED');
      expect(codes[6]).toContain('CONTRACT_INACTIVE');
      expect(codes[7]).toContain('LABEL_RECIPIENT_ROLE');
      expect(real.rows[4]!.receiptNo).toMatch(/^R\d{13}$/);
      remember(real);
    };

    it('the CLI, dry and real, before and after the owner registered the file', { timeout: 900_000 }, async () => {
      const otherPair = async (phase: string) => {
        for (const dry of [true, false]) {
          const reports: Report[] = [];
          for (const [variant, ids] of [['other', {}], ['unknown', UNKNOWN_FOR]] as const) {
            const file = await writeFile(`cli-${phase}-${variant}-${dry}.csv`, csv(ownerRows('cli'), phase, ids));
            const out = `${file}.json`;
            await cli(['import', file, '--reseller', OTHER, '--report', out, ...(dry ? ['--dry-run'] : [])], 1);
            reports.push(await readReport(out));
          }
          expectIndistinguishable(reports[0]!, reports[1]!, ownerReceipts, `cli ${phase} dry=${dry}`);
        }
      };
      await otherPair('before');
      const file = await writeFile('cli-own.csv', csv(ownerRows('cli'), 'own'));
      await cli(['import', file, '--reseller', OWNER, '--report', `${file}.dry.json`, '--dry-run'], 1);
      await cli(['import', file, '--reseller', OWNER, '--report', `${file}.json`], 1);
      expectOwnStatuses(await readReport(`${file}.dry.json`), await readReport(`${file}.json`));
      await otherPair('after');
    });

    it('the HTTP API, dry and real, before and after the owner registered the file', { timeout: 900_000 }, async () => {
      const ownerToken = (await cli(['token', 'create', '--reseller', OWNER], 0)).stdout.trim();
      const otherToken = (await cli(['token', 'create', '--reseller', OTHER], 0)).stdout.trim();
      const server = await startServe(env());
      try {
        const upload = async (token: string, body: string, dry: boolean): Promise<Report> => {
          const res = await fetch(`${server.url}/v1/imports?fileName=upload.csv&dryRun=${dry}`, {
            method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          });
          expect(res.status, await res.clone().text()).toBe(202);
          const { id } = (await res.json()) as { id: string };
          for (let i = 0; i < 600; i += 1) {
            const status = (await (await fetch(`${server.url}/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
            if (status.status === 'finished') {
              return (await (await fetch(`${server.url}/v1/imports/${id}/report.json`, { headers: { authorization: `Bearer ${token}` } })).json()) as Report;
            }
            expect(status.status).not.toBe('failed');
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error(`import ${id} did not finish`);
        };
        const otherPair = async (phase: string) => {
          for (const dry of [true, false]) {
            const other = await upload(otherToken, csv(ownerRows('http'), phase), dry);
            const unknown = await upload(otherToken, csv(ownerRows('http'), phase, UNKNOWN_FOR), dry);
            expectIndistinguishable(other, unknown, ownerReceipts, `http ${phase} dry=${dry}`);
          }
        };
        await otherPair('before');
        const dry = await upload(ownerToken, csv(ownerRows('http'), 'own'), true);
        expectOwnStatuses(dry, await upload(ownerToken, csv(ownerRows('http'), 'own'), false));
        await otherPair('after');
      } finally {
        await server.stop();
      }
    });

    it('the nightly inbox, before and after the owner registered the file', { timeout: 900_000 }, async () => {
      const inbox = path.join(work, 'nightly', 'inbox');
      const drop = async (reseller: string, name: string, text: string) => {
        await fs.mkdir(path.join(inbox, reseller), { recursive: true });
        const file = path.join(inbox, reseller, name);
        await fs.writeFile(file, text);
        const quiet = new Date(Date.now() - 10 * 60_000);
        await fs.utimes(file, quiet, quiet);
      };
      const filed = (reseller: string, name: string) => readReport(path.join(inbox, '..', 'done', reseller, `${name}.report.json`));
      const otherPair = async (phase: string) => {
        await drop(OTHER, `${phase}-other.csv`, csv(ownerRows('nightly'), phase));
        await drop(OTHER, `${phase}-unknown.csv`, csv(ownerRows('nightly'), phase, UNKNOWN_FOR));
        await cli(['nightly', '--inbox', inbox, '--once'], 0);
        expectIndistinguishable(await filed(OTHER, `${phase}-other.csv`), await filed(OTHER, `${phase}-unknown.csv`), ownerReceipts, `nightly ${phase}`);
      };
      await otherPair('before');
      // The nightly job has no dry run: the owner's dry run of the same file comes from the CLI.
      await drop(OWNER, 'own.csv', csv(ownerRows('nightly'), 'own'));
      const dryFile = await writeFile('nightly-own.csv', csv(ownerRows('nightly'), 'own'));
      await cli(['import', dryFile, '--reseller', OWNER, '--report', `${dryFile}.json`, '--dry-run'], 1);
      await cli(['nightly', '--inbox', inbox, '--once'], 0);
      expectOwnStatuses(await readReport(`${dryFile}.json`), await filed(OWNER, 'own.csv'));
      await otherPair('after');
    });
  });
}

/** `packreg serve --port 0 --json` as a child process; its URL from the `{ url }` line it prints. */
async function startServe(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
