import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { launchChromium, NO_BROWSER } from '../helpers/chromium.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { seedLists, type ListData } from './listsKit.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
if (NO_BROWSER) process.stderr.write(`\n*** browserLists.test.ts SKIPPED: ${NO_BROWSER}\n\n`);

/** The upload page's look-up tabs (issue 20) in Chromium: search, applications, serial, imports. */
(NO_BROWSER ? describe.skip : describe)(`look-up tabs in a browser${NO_BROWSER ? ` (SKIPPED: ${NO_BROWSER})` : ''}`, () => describeEachEngine('look-up tabs in a browser', (t) => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let data: ListData;

  beforeAll(async () => {
    const ctx = t().context();
    data = await seedLists(ctx);
    token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    browser = await launchChromium();
    await fs.mkdir(ARTIFACTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds a support ID with ㈱ and kana folded, lists applications and a serial, and the import history with its reports', { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(server.url);
    const cells = (list: string) => page.$$eval(`#${list} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));

    // Without a token the list says what to do.
    await page.click('#contract-form button[type=submit]');
    await expect.poll(() => page.textContent('#contract-list')).toBe('先に API トークンを保存してください。');

    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    await page.fill('#contract-q', '株式会社サクラ');
    await page.click('#contract-form button[type=submit]');
    await expect.poll(() => cells('contract-list')).toEqual([['300000005', '㈱さくら', 'Web受注', '有効', '']]);
    await page.fill('#contract-q', 'たかはし');
    await page.fill('#contract-q', '髙橋');
    await page.press('#contract-q', 'Enter');
    await expect.poll(() => cells('contract-list')).toEqual([['300000001', '髙橋商事株式会社', '基幹システム', '有効', 'U-ADMIN1 髙橋 一郎 (利用管理者), U-DEP1 佐藤 花子 (利用管理者代行)']]);
    await page.fill('#contract-q', 'よその');
    await page.press('#contract-q', 'Enter');
    await expect.poll(() => page.textContent('#contract-list')).toBe('該当するものはありません。');

    // Applications: newest first, the rejected one with its released pack; then one serial.
    await page.click('#tab-applications');
    expect(await page.isVisible('#panel-contracts')).toBe(false);
    await expect.poll(async () => (await cells('application-list')).length).toBe(3);
    const rows = await cells('application-list');
    expect(rows.find((r) => r[1] === '300000002')).toEqual([data.receipts['300000002'], '300000002', '株式会社サンプル', '却下', '0 / 取消 1 件', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)]);
    await page.selectOption('#application-status', 'completed');
    await page.click('#application-form button[type=submit]');
    await expect.poll(async () => (await cells('application-list')).map((r) => r[3])).toEqual(['受付完了', '受付完了']);
    await page.selectOption('#application-status', '');
    await page.fill('#application-serial', 'nx-0001');
    await page.click('#application-form button[type=submit]');
    await expect.poll(async () => (await cells('application-list')).map((r) => r.slice(0, 4))).toEqual([['NX-0001 SP-NX-12', data.receipts['300000002'], '300000002', '却下']]);

    // Import history, then English: the open list is asked again in that language.
    await page.click('#tab-imports');
    await expect.poll(async () => (await cells('import-list')).length).toBe(3);
    const failed = (await cells('import-list')).find((r) => r[1] === 'empty.csv')!;
    expect(failed[3]).toBe('失敗');
    expect(failed[4]).toMatch(/^FILE_EMPTY: /);
    await page.screenshot({ path: path.join(ARTIFACTS, `lists-page-${t().engine}-ja.png`), fullPage: true });
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#tab-imports')).toBe('Import history');
    // The lists' own words are English now (the data in the tables stays as written).
    const words = await page.$$eval('#lists h2, #lists [role=tab], #lists form, #contract-q-help', (nodes) => nodes.map((n) => n.textContent ?? '').join(' '));
    expect(words.match(/[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]+/g)).toBeNull();
    await expect.poll(async () => (await cells('import-list')).find((r) => r[1] === 'empty.csv')?.[4]).toMatch(/^FILE_EMPTY: [\x20-\x7e]+$/);
    const done = (await cells('import-list')).find((r) => r[1] === '4月分.csv')!;
    expect(done[4]).toBe('3 rows: 2 registered, 0 rejected, 0 held');

    const button = page.locator('#import-list tr', { hasText: '4月分.csv' }).getByRole('button', { name: 'XLSX', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('4月分.report.xlsx');
    await page.screenshot({ path: path.join(ARTIFACTS, `lists-page-${t().engine}-en.png`), fullPage: true });
    expect(problems).toEqual([]);
  });
}));
