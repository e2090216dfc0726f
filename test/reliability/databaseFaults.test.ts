import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeLargeCase } from '../helpers/largeReference.js';
import { runCli } from '../helpers/runCli.js';
import { testEngines } from '../helpers/testEnv.js';
import {
  cliDatabase, closedPort, expectConsistent, readJson, runCliKilledBy, startTcpProxy, viaPort, withDb, type CliDatabase,
} from './reliabilityKit.js';

/**
 * PostgreSQL going away under a running import, simulated without touching the machine's server
 * (other sessions' tests use it): the import's backends are terminated from another connection
 * (what a server restart does to them), or a TCP proxy between packreg and the server is cut.
 * The process must end on its own — finished (the group retried after checking whether its
 * COMMIT landed) or DATABASE_UNAVAILABLE (69) — and a re-run must complete the rest with nothing
 * registered twice.
 */
const PER_APPLICATION = 20;
const SUPPORT_IDS = 600;
const ROWS = SUPPORT_IDS * PER_APPLICATION;

describe.skipIf(!testEngines().includes('postgres') || inject('pgUnavailable') !== null)('database faults mid-import [postgres]', () => {
  let cli: CliDatabase;
  let upload: string;
  let referenceDir: string;

  beforeAll(async () => {
    ({ upload, referenceDir } = await writeLargeCase(SUPPORT_IDS, PER_APPLICATION));
  });
  afterAll(async () => {
    await fs.rm(path.dirname(upload), { recursive: true, force: true });
    await fs.rm(referenceDir, { recursive: true, force: true });
  });

  /** A fresh database with the reference data, for one fault. */
  const freshDatabase = async () => {
    cli = await cliDatabase('postgres');
    expect((await runCli(['reference', 'load', referenceDir], cli.env)).code).toBe(0);
    return cli;
  };

  /** Terminate every backend of `packreg` on this database but the caller's. */
  const terminateImportBackends = (db: CliDatabase, inTransaction = false) =>
    withDb(db, async (d) => {
      const packreg = `datname = current_database() and pid <> pg_backend_pid() and application_name = 'packreg'`;
      // For a fault *during* a commit, wait (briefly) until some packreg backend is inside a
      // group's transaction, so the kill cannot land between two groups only. The look and the
      // kill are one statement: a group's transaction lasts tens of milliseconds, and a look and a
      // kill in two round trips on a loaded machine found it and then killed idle connections
      // only (CI, stop 31). The ANALYZE between the first group and the rest names registrations
      // too, in a transaction of its own, and is not a group.
      for (let i = 0; inTransaction && i < 2_000; i += 1) {
        const killed = await d.knex.raw(`select pg_terminate_backend(pid) as ok from pg_stat_activity
          where ${packreg} and exists (select 1 from pg_stat_activity b
            where b.datname = current_database() and b.application_name = 'packreg' and b.xact_start is not null
              and b.state in ('active', 'idle in transaction') and b.query ilike '%registrations%'
              and b.query not ilike 'analyze%')`);
        if (killed.rows.length > 0) return killed.rows.length as number;
        await new Promise((r) => setTimeout(r, 5));
      }
      const r = await d.knex.raw(`select pg_terminate_backend(pid) as ok from pg_stat_activity where ${packreg}`);
      return r.rows.length as number;
    });

  /**
   * The outcome after a fault: the faulted run ended by itself with 0 or 69; the database is
   * consistent; the re-run registers exactly the rest and its report accounts for every row.
   */
  const expectRecovered = async (run: { code: number | null; signal: NodeJS.Signals | null; stderr: string }) => {
    expect(run.signal, run.stderr.slice(-800)).toBeNull();
    expect([0, 69], run.stderr.slice(-800)).toContain(run.code);
    if (run.code === 69) expect(run.stderr).toMatch(/^packreg: DATABASE_UNAVAILABLE: /m);
    expect(run.stderr).not.toMatch(/^\s+at /m); // never a stack trace
    const registered = await withDb(cli, (db) => expectConsistent(db, PER_APPLICATION));
    if (process.env.PACKREG_TEST_VERBOSE) console.info({ code: run.code, registered, lost: run.stderr.match(/connection lost[^"]*/g) });
    if (run.code === 0) expect(registered).toBe(ROWS);
    const report = path.join(path.dirname(upload), `rerun-${Date.now()}.json`);
    const rerun = await runCli(['import', upload, '--reseller', 'RS001', '--report', report, '--quiet'], cli.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    const json = await readJson(report);
    expect(json.summary).toMatchObject({ rows: ROWS, already_registered: registered, registered: ROWS - registered, rejected: 0, held: 0 });
    expect(json.rows.every((r: { receiptNo: string | null }) => /^R\d{13}$/.test(r.receiptNo ?? ''))).toBe(true);
    expect(await withDb(cli, (db) => expectConsistent(db, PER_APPLICATION))).toBe(ROWS);
    return { registered, log: run.stderr };
  };

  it('backends terminated while the applications commit (pg_terminate_backend)', { timeout: 900_000 }, async () => {
    // The look and the kill are one statement, but on a loaded machine the group found inside
    // its transaction can still commit before its backend is killed, and then only idle
    // connections die (CI, stop 33: the import recovered, no group was lost). Such a run proves
    // the recovery but not the lost group's: the fault is run again, three times at most.
    let lostGroup = false;
    for (let attempt = 0; attempt < 3 && !lostGroup; attempt += 1) {
      await freshDatabase();
      try {
        let fired: Promise<number> | undefined;
        const run = await runCliKilledBy(['import', upload, '--reseller', 'RS001', '--quiet'], { ...cli.env, PACKREG_LOG_LEVEL: 'info' }, (line) => {
          // The first group is in; the next ones are in flight.
          if (!fired && /applications committed/.test(line)) fired = terminateImportBackends(cli, true);
        });
        expect(await fired).toBeGreaterThan(0);
        const { log } = await expectRecovered(run);
        // The lost group was looked up before being redone (or reported).
        lostGroup = /connection lost(?: after the commit landed|, retrying the group once)|DATABASE_UNAVAILABLE/.test(log);
      } finally {
        await cli.drop();
      }
    }
    expect(lostGroup).toBe(true);
  });

  it('backends terminated while rows are being staged (COPY)', { timeout: 600_000 }, async () => {
    await freshDatabase();
    try {
      let fired: Promise<number> | undefined;
      const run = await runCliKilledBy(['import', upload, '--reseller', 'RS001', '--quiet'], cli.env, () => undefined, (_kill, running) => {
        fired = (async () => {
          const watcher = await cli.open();
          try {
            while (running()) {
              const r = await watcher.knex.raw(`select 1 from pg_stat_activity where datname = current_database() and state = 'active' and query ilike 'copy import_rows%'`);
              if (r.rows.length > 0) return terminateImportBackends(cli);
              await new Promise((res) => setTimeout(res, 20));
            }
            return 0;
          } finally {
            await watcher.close();
          }
        })();
      });
      expect(await fired).toBeGreaterThan(0);
      const { registered } = await expectRecovered(run);
      expect(run.code).toBe(69);
      expect(registered).toBe(0);
    } finally {
      await cli.drop();
    }
  });

  it('the network to the server cut twice during the commit (TCP proxy)', { timeout: 600_000 }, async () => {
    await freshDatabase();
    const target = new URL(cli.url!);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    try {
      let cuts = 0;
      const run = await runCliKilledBy(
        ['import', upload, '--reseller', 'RS001', '--quiet'],
        { DATABASE_URL: viaPort(cli.url!, proxy.port), PACKREG_LOG_LEVEL: 'info' },
        (line) => {
          // Cut at the first committed group, and again right after the first retry began.
          if (/applications committed/.test(line) && cuts === 0) cuts += proxy.cut() > 0 ? 1 : 0;
          else if (/connection lost/.test(line) && cuts === 1) setTimeout(() => (cuts += proxy.cut() > 0 ? 1 : 0), 30);
        },
      );
      expect(cuts).toBeGreaterThan(0);
      await expectRecovered(run);
    } finally {
      await proxy.close();
      await cli.drop();
    }
  });

  it('connection refused at start: DATABASE_UNAVAILABLE, exit 69, for every database command', { timeout: 600_000 }, async () => {
    const port = await closedPort();
    const url = `postgres://root@127.0.0.1:${port}/packreg`;
    const runs = await Promise.all([
      runCli(['import', upload, '--reseller', 'RS001', '--lang', 'en'], { DATABASE_URL: url }),
      runCli(['reference', 'load', referenceDir], { DATABASE_URL: url, PACKREG_LANG: 'en' }),
      runCli(['status', 'R2611250000001'], { DATABASE_URL: url, PACKREG_LANG: 'en' }),
      runCli(['migrate'], { DATABASE_URL: url, PACKREG_LANG: 'en' }),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(69);
      expect(run.stderr).toMatch(/^packreg: DATABASE_UNAVAILABLE: Cannot reach the database \(ECONNREFUSED/m);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
