import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import type { Context } from '../../src/context.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { writeLargeCase } from '../helpers/largeReference.js';
import { launchChromium, NO_BROWSER } from '../helpers/chromium.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
if (NO_BROWSER) process.stderr.write(`\n*** browserCancel.test.ts SKIPPED: ${NO_BROWSER}\n\n`);

/** Holds an import before its second commit group until the test lets it go (as serverCancelPlan does). */
interface Gate {
  readonly reached: Promise<void>;
  arrive(): void;
  release(): void;
  readonly released: Promise<void>;
}
function makeGate(): Gate {
  let arrive = () => {};
  let release = () => {};
  const reached = new Promise<void>((r) => { arrive = r; });
  const released = new Promise<void>((r) => { release = r; });
  return { reached, released, arrive: () => arrive(), release: () => release() };
}

/**
 * Issue 20 item 4 on the upload page: cancelling an import from the progress view (a running one
 * stops at its next commit group, the results say which rows were committed) and from the import
 * history (a queued one is cancelled at once; one that finished meanwhile is refused with
 * IMPORT_NOT_CANCELLABLE). The imports really run in the server; a hook holds the running one
 * between two commit groups so "running" is a state the test chooses.
 */
(NO_BROWSER ? describe.skip : describe)(`upload page: cancel an import${NO_BROWSER ? ` (SKIPPED: ${NO_BROWSER})` : ''}`, () => describeEachEngine('upload page cancel', (t) => {
  let ctx: Context;
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let upload: string;
  let gate: Gate | null = null;

  beforeAll(async () => {
    const large = await writeLargeCase(12, 3); // 36 rows, 12 applications: four commit groups of 3
    upload = large.upload;
    ctx = {
      // Groups one after another on both engines (PostgreSQL would commit the later ones side by
      // side, past the held one): "stops at the next commit group" is then one exact count.
      ...t().context({ config: { commitConcurrency: 1 } }),
      hooks: {
        groupMaxApplications: 3,
        beforeCommitGroup: async (_importId, index) => {
          const held = gate;
          if (index !== 1 || !held) return;
          held.arrive();
          await held.released;
        },
      },
    };
    await loadReference(ctx, large.referenceDir);
    token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    browser = await launchChromium();
    await fs.mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterEach(() => {
    gate?.release();
    gate = null;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The page with the token saved, the large file uploaded, and the import held before its second commit group. */
  const startHeld = async (): Promise<{ page: Page; problems: string[]; held: Gate }> => {
    const held = makeGate();
    gate = held;
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(server.url);
    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    await page.setInputFiles('#file', upload);
    await page.click('#start');
    await held.reached;
    return { page, problems, held };
  };
  const statusOf = async (id: string) => String((await ctx.db.knex('import_batches').where({ id }).first('status'))?.status);
  const newestImport = async () => String((await ctx.db.knex('import_batches').orderBy('created_at', 'desc').first('id'))?.id);

  it('the progress view cancels a running import: it stops at the next commit group, and the results say which rows were committed', async () => {
    const { page, problems, held } = await startHeld();
    const id = await newestImport();
    await expect.poll(() => page.textContent('#progress-state')).toBe('実行中');
    await page.waitForSelector('#cancel', { state: 'visible' });
    await page.click('#cancel');
    await expect.poll(() => page.textContent('#cancel-result')).toContain('取り消しを受け付けました');
    expect(await page.isVisible('#cancel')).toBe(false);
    expect(await ctx.db.knex('import_cancel_requests').where({ import_id: id }).first('import_id')).toBeDefined();
    await page.screenshot({ path: path.join(ARTIFACTS, `upload-page-cancel-${t().engine}.png`), fullPage: true });

    held.release();
    await expect.poll(() => page.textContent('#progress-state'), { timeout: 60_000 }).toBe('取り消しました');
    expect(await statusOf(id)).toBe('cancelled');
    // The report of a cancelled import: the first group's rows registered with receipts, the rest held.
    await expect.poll(() => page.$$eval('#result-body tr', (trs) => trs.length), { timeout: 60_000 }).toBe(36);
    const statuses = await page.$$eval('#result-body tr', (trs) => trs.map((tr) => tr.className));
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(9);
    expect(statuses.filter((s) => s === 'held')).toHaveLength(27);
    expect(await page.textContent('#result-body')).toContain('IMPORT_CANCELLED');
    expect(await page.isEnabled('#start')).toBe(true);

    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#progress-state')).toBe('Cancelled');
    expect(await page.textContent('#cancel-result')).toContain('Cancel requested');
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('the import history cancels a queued import at once, and says IMPORT_NOT_CANCELLABLE for one that finished meanwhile', async () => {
    const { page, problems, held } = await startHeld();
    const running = await newestImport();
    // A second upload waits behind the held one (one import at a time).
    const res = await fetch(`${server.url}/v1/imports?fileName=second.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: await fs.readFile(await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' }])),
    });
    expect(res.status).toBe(202);
    const queued = ((await res.json()) as { id: string }).id;
    expect(await statusOf(queued)).toBe('queued');

    await page.click('#tab-imports');
    const button = (id: string) => `#import-list button[data-cancel-import="${id}"]`;
    await page.waitForSelector(button(queued));
    await page.waitForSelector(button(running));
    await page.click(button(queued));
    await expect.poll(() => page.$$eval('#import-list .cancel-note', (ns) => ns.map((n) => n.textContent))).toEqual(['取込を取り消しました。']);
    expect(await statusOf(queued)).toBe('cancelled');

    // The list on screen still shows the held import as running; it finishes meanwhile.
    held.release();
    await expect.poll(() => statusOf(running), { timeout: 60_000 }).toBe('finished');
    await page.click(button(running));
    await expect.poll(() => page.$$eval('#import-list .cancel-note[role=alert]', (ns) => ns.map((n) => n.textContent ?? '')))
      .toEqual([expect.stringMatching(/取り消せません.*\[IMPORT_NOT_CANCELLABLE\]$/)]);
    expect(await statusOf(running)).toBe('finished');
    // The queued one was never run.
    expect(await statusOf(queued)).toBe('cancelled');
    expect(problems.filter((p) => !/409|Failed to load resource/.test(p))).toEqual([]);
    await page.close();
  }, 180_000);
}));
