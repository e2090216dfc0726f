import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import type { Context } from '../../src/context.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { launchChromium, NO_BROWSER } from '../helpers/chromium.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { UPLOAD_HEADERS, uploadRow, type UploadRow } from '../helpers/uploadFile.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
if (NO_BROWSER) process.stderr.write(`\n*** browserPlan.test.ts SKIPPED: ${NO_BROWSER}\n\n`);

/**
 * Issue 20 item 6 on the upload page: "check first, then register" — a dry run, then the button
 * that commits exactly that plan; and a plan whose outcome changed meanwhile, refused with the
 * rows listed.
 */
(NO_BROWSER ? describe.skip : describe)(`upload page: check first, then register${NO_BROWSER ? ` (SKIPPED: ${NO_BROWSER})` : ''}`, () => describeEachEngine('upload page plan', (t) => {
  let ctx: Context;
  let server: RunningServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    browser = await launchChromium();
    await fs.mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const checkFirst = async (rows: UploadRow[], name: string): Promise<{ page: Page; problems: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(server.url);
    await page.evaluate((value) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('packreg.token', value), token);
    await page.reload();
    await page.check('#dry-run');
    const file = path.join(await fs.mkdtemp(path.join(ARTIFACTS, 'plan-')), name);
    await fs.writeFile(file, [UPLOAD_HEADERS, ...rows.map(uploadRow)].map((c) => c.join(',')).join('\r\n'));
    await page.setInputFiles('#file', file);
    await page.click('#start');
    await page.waitForSelector('#plan-commit', { timeout: 120_000 });
    return { page, problems };
  };

  it('a dry run, then "register exactly this": the previewed rows are registered', async () => {
    const { page, problems } = await checkFirst([
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
    ], 'check.csv');
    expect(await page.isVisible('#dry-note')).toBe(true);
    expect(await page.textContent('#plan')).toContain('2 行');
    await page.screenshot({ path: path.join(ARTIFACTS, `upload-page-plan-${t().engine}.png`), fullPage: true });
    await page.click('#plan-commit');
    // The page follows the commit's import to its results: registered, with receipts.
    await expect.poll(() => page.$$eval('#result-body tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent ?? '')), { timeout: 120_000 })
      .toEqual([expect.stringMatching(/^R\d{13}$/), expect.stringMatching(/^R\d{13}$/)]);
    expect(await page.isVisible('#dry-note')).toBe(false);
    expect(await page.isVisible('#plan-commit')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('a plan whose outcome changed meanwhile: nothing registered, the changed rows listed (in English too)', async () => {
    const { page, problems } = await checkFirst([
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0002' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' },
    ], 'changed.csv');
    // Someone registers SW-0003 in between (same data): row 3 would now be already registered.
    const { importFile } = await import('../../src/import.js');
    const { writeUploadCsv } = await import('../helpers/uploadFile.js');
    await importFile(ctx, { path: await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' }]), resellerCode: 'RS001' });
    await page.click('#plan-commit');
    await page.waitForSelector('#plan-changed', { timeout: 120_000 });
    expect(await page.textContent('#plan-changed')).toContain('3 行目: 登録可能 → 登録済み');
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#plan-changed')).toContain('row 3: valid → already registered');
    expect(await ctx.db.knex('registrations').where({ pack_serial: 'SW-0002' }).first('id')).toBeUndefined();
    expect(problems.filter((p) => !/409|Failed to load resource/.test(p))).toEqual([]);
    await page.close();
  }, 180_000);
}));
