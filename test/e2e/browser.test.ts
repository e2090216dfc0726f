import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/auth/apiTokens.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { startServer, type RunningServer } from '../../src/server/startServer.js';
import { launchChromium, NO_BROWSER } from '../helpers/chromium.js';
import { describeEachEngine } from '../helpers/testDatabase.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { UPLOAD_HEADERS, uploadRow, writeUploadCsv } from '../helpers/uploadFile.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
if (NO_BROWSER) process.stderr.write(`\n*** browser.test.ts SKIPPED: ${NO_BROWSER}\n\n`);

(NO_BROWSER ? describe.skip : describe)(`upload page in a browser${NO_BROWSER ? ` (SKIPPED: ${NO_BROWSER})` : ''}`, () => describeEachEngine('upload page in a browser', (t) => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    const ctx = t().context();
    await loadReference(ctx, await writeReferenceDir());
    token = (await apiTokens.create(ctx.db.knex, 'RS001')).token;
    server = await startServer(ctx, { host: '127.0.0.1', port: 0, connectionString: t().url ?? undefined, version: 'test' });
    browser = await launchChromium();
    await fs.mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('token once, drop a file, watch it, read the table (rejected first), download the XLSX report', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(server.url);
    expect(await page.title()).toBe('サポートパック一括登録');

    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.isVisible('#token-saved')).toBe(true);
    // Kept in the browser: a reload does not ask again.
    await page.reload();
    expect(await page.isVisible('#token-saved')).toBe(true);
    expect(await page.isVisible('#token-form')).toBe(false);

    const csv = [UPLOAD_HEADERS, ...[
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0002' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0404' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0001' },
    ].map(uploadRow)].map((cells) => cells.join(',')).join('\r\n');
    // Drag and drop, as a reseller would: a real DataTransfer with a File on the drop zone.
    const dataTransfer = await page.evaluateHandle((text) => {
      // Runs in the page (the DOM types are not in this project's lib).
      const dom = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dt = new dom.DataTransfer();
      dt.items.add(new dom.File([text], '12月分 登録依頼.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer });
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });
    await expect.poll(() => page.textContent('#file-name')).toContain('12月分 登録依頼.csv');

    await page.click('#start');
    await page.waitForSelector('#results:not([hidden])', { timeout: 120_000 });
    const steps = await page.$$eval('#steps li', (items) => items.map((li) => [li.textContent, li.className]));
    expect(steps.at(-1)).toEqual(['完了', 'done']);

    const rows = await page.$$eval('#result-body tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    // Row 5 shares row 4's support ID, so it is held back with it (atomicity 'application').
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['4', 'エラー'], ['5', '保留'], ['2', '登録完了'], ['3', '登録完了']]);
    expect(rows[0]![3]).toMatch(/\[[A-Z_]+\]/);
    expect(rows[2]![2]).toMatch(/^R\d{13}$/);
    const counts = await page.$$eval('#counts .count b', (bs) => bs.map((b) => b.textContent));
    expect(counts).toEqual(['4', '2', '0', '0', '1', '1']);
    expect(await page.isVisible('#dl-rejects')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, `upload-page-${t().engine}-ja.png`), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-xlsx')]);
    expect(download.suggestedFilename()).toBe('12月分 登録依頼.report.xlsx');
    const saved = path.join(ARTIFACTS, `report-${t().engine}.xlsx`);
    await download.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    expect(workbook.worksheets[0]!.rowCount).toBe(5);

    // English: the page and the messages (the report is fetched again in that language).
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#result-head')).toBe('RowResultReceipt no.Messages');
    await expect.poll(() => page.$eval('#result-body tr td:nth-child(2)', (td) => td.textContent)).toBe('Rejected');
    await page.screenshot({ path: path.join(ARTIFACTS, `upload-page-${t().engine}-en.png`), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a dry run through the page, and a file-level error shown in words', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.evaluate((value) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('packreg.token', value), token);
    await page.reload();
    await page.check('#dry-run');
    const file = path.join(await fs.mkdtemp(path.join(ARTIFACTS, 'in-')), 'try.csv');
    await fs.writeFile(file, [UPLOAD_HEADERS, uploadRow({ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0003' })].map((c) => c.join(',')).join('\r\n'));
    await page.setInputFiles('#file', file);
    await page.click('#start');
    await page.waitForSelector('#results:not([hidden])', { timeout: 120_000 });
    expect(await page.isVisible('#dry-note')).toBe(true);
    expect(await page.$eval('#result-body tr td:nth-child(2)', (td) => td.textContent)).toBe('検証OK(未登録)');

    const png = path.join(path.dirname(file), 'picture.csv');
    await fs.writeFile(png, Buffer.from('89504e470d0a1a0a0000000d4948445200', 'hex'));
    await page.setInputFiles('#file', png);
    await page.click('#start');
    await page.waitForSelector('#progress-error:not([hidden]), #upload-error:not([hidden])', { timeout: 120_000 });
    expect(await page.isVisible('#upload-error')).toBe(false);
    expect(await page.textContent('#progress-error')).toContain('FILE_UNREADABLE');
    await page.close();
  });

  /** A fresh page (own storage) with the token already in it, unless `withToken` is null. */
  const openPage = async (withToken: string | null = token) => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    // A CSP refusal of the page's own script or style is a console error too; a 401 or 404 answer
    // (which the tests provoke) is logged by Chromium as "Failed to load resource".
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    await page.goto(server.url);
    if (withToken) {
      await page.evaluate((value) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('packreg.token', value), withToken);
      await page.reload();
    }
    return { page, problems };
  };
  const tableRows = (page: Page) => page.$$eval('#result-body tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `upload-page-${t().engine}-${name}.png`), fullPage: true });
  /** Text a Japanese reader would see in `selector` (Han, kana): none may be left after the switch to English. */
  const japaneseIn = (page: Page, selector: string) => page.$eval(selector, (e) => ((e as unknown as { innerText: string }).innerText.match(/[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]+/g) ?? []));

  it('a wrong or revoked token is explained in plain words (ask the administrator), never "Bearer"; the API still answers 401 UNAUTHORIZED', async () => {
    const { page, problems } = await openPage(null);
    const upload = async (serial: string) => {
      await page.setInputFiles('#file', await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial }], `${serial}.csv`));
      await page.click('#start');
    };
    // No route tells a token's validity without doing something, so the token is checked by its first use.
    await page.fill('#token', 'packreg_0123456789abcdef0123456789abcdef_not-a-real-token-at-all-xxxxxxxxxxxxx');
    await page.click('#token-form button[type=submit]');
    await upload('HW-0016');
    await page.waitForSelector('#token-error:not([hidden])', { timeout: 60_000 });
    const wrong = await page.textContent('#token-error');
    expect(wrong).toContain('管理者');
    expect(wrong).toContain('packreg token create');
    expect(wrong).not.toMatch(/Bearer|Authorization/);
    // Forgotten: the form is back to paste the right one, and the start button says so.
    expect(await page.isVisible('#token-form')).toBe(true);
    expect(await page.isVisible('#upload-error')).toBe(false);
    expect(await page.isDisabled('#start')).toBe(true);
    expect(await page.textContent('#start-reason')).toContain('トークン');
    await shot(page, 'wrong-token');

    // A token that worked and was revoked since: refused with the same plain words.
    const second = await apiTokens.create(t().db.knex, 'RS001');
    await page.fill('#token', second.token);
    await page.click('#token-form button[type=submit]');
    expect(await page.isVisible('#token-error')).toBe(false);
    await upload('HW-0016');
    await page.waitForSelector('#results:not([hidden])', { timeout: 120_000 });
    expect(await apiTokens.revoke(t().db.knex, second.token)).toBe(true);
    await upload('HW-0017');
    await page.waitForSelector('#token-error:not([hidden])', { timeout: 60_000 });
    const revoked = await page.textContent('#token-error');
    expect(revoked).toContain('管理者');
    expect(revoked).not.toMatch(/Bearer|Authorization/);
    expect(await page.isVisible('#token-form')).toBe(true);
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#token-error')).toContain('Ask your administrator for a new token');
    expect(await page.textContent('#token-error')).not.toMatch(/Bearer|Authorization/);

    // API clients are told as before.
    const res = await fetch(`${server.url}/v1/imports/00000000-0000-0000-0000-000000000000`, { headers: { authorization: `Bearer ${second.token}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('where the token comes from, kept in this browser only, and how to forget it', async () => {
    const { page, problems } = await openPage(null);
    const help = await page.textContent('#token-where');
    expect(help).toContain('packreg token create --reseller');
    expect(help).toContain('このブラウザ');
    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.isVisible('#token-saved')).toBe(true);
    expect(await page.textContent('#token-saved')).toMatch(/削除|忘れ/);
    await page.click('#change-token');
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('packreg.token'))).toBeNull();
    expect(await page.isVisible('#token-form')).toBe(true);
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#token-where')).toContain('this browser');
    expect(await page.textContent('#token-where')).toContain('packreg token create --reseller');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the greyed start button says why: no token yet, no file chosen, an import running', async () => {
    const { page, problems } = await openPage(null);
    expect(await page.isDisabled('#start')).toBe(true);
    expect(await page.getAttribute('#start', 'aria-describedby')).toBe('start-reason');
    await expect.poll(() => page.textContent('#start-reason')).toContain('トークン');
    await shot(page, 'start-reason');
    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.textContent('#start-reason')).toContain('ファイル');
    expect(await page.isDisabled('#start')).toBe(true);
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#start-reason')).toMatch(/choose a file/i);

    await page.setInputFiles('#file', await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0018' }], 'reason.csv'));
    await expect.poll(() => page.isDisabled('#start')).toBe(false);
    expect(await page.isVisible('#start-reason')).toBe(false);
    // Hold the upload in flight to see the button while an import runs.
    let release = () => {};
    const gate = new Promise<void>((resolve) => { release = resolve; });
    await page.route(/\/v1\/imports\?/, async (route) => { await gate; await route.continue(); });
    await page.click('#start');
    await expect.poll(() => page.textContent('#start-reason')).toMatch(/running/i);
    expect(await page.isDisabled('#start')).toBe(true);
    release();
    await page.waitForSelector('#results:not([hidden])', { timeout: 120_000 });
    await expect.poll(() => page.isDisabled('#start')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a failed import shows a failed state (not a full bar), its code and message, in the language chosen', async () => {
    const { page, problems } = await openPage();
    const file = path.join(await fs.mkdtemp(path.join(ARTIFACTS, 'in-')), 'no-header.csv');
    await fs.writeFile(file, 'abc,def\r\n1,2\r\n3,4\r\n');
    await page.setInputFiles('#file', file);
    await page.click('#start');
    await page.waitForSelector('#progress-error:not([hidden])', { timeout: 120_000 });
    const bar = await page.$eval('#bar', (b) => {
      const p = b as unknown as { value: number; max: number; className: string; dataset: Record<string, string>; position: number };
      return { value: p.value, max: p.max, className: p.className, state: p.dataset.state, position: p.position };
    });
    expect(bar.state).toBe('failed');
    expect(bar.className).toContain('failed');
    expect(bar.position).toBeGreaterThanOrEqual(0);
    expect(bar.value).toBeLessThan(bar.max);
    const steps = await page.$$eval('#steps li', (items) => items.map((li) => li.className));
    expect(steps).toContain('failed');
    expect(steps.at(-1)).not.toBe('done');
    expect(await page.textContent('#progress-state')).toContain('失敗');
    expect(await page.textContent('#progress-error')).toContain('HEADER_NOT_FOUND');
    expect(await page.textContent('#progress-error')).toContain('見出し行が見つかりません');
    expect(await page.isVisible('#results')).toBe(false);
    await shot(page, 'failed');
    // The message came from the server in Japanese: it is asked for again in English.
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#progress-error')).toContain('No header row was found');
    expect(await page.textContent('#progress-error')).toContain('HEADER_NOT_FOUND');
    expect(await page.textContent('#progress-state')).toMatch(/failed/i);
    expect(await japaneseIn(page, '#progress')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('after the switch to English every status and row message on screen is English (and Japanese again on the way back)', async () => {
    const { page, problems } = await openPage();
    await page.setInputFiles('#file', await writeUploadCsv([
      { supportId: '399999999', packModel: 'SP-HW-12', serial: 'HW-0014' },
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0015', postal: '12-34' },
      { supportId: '300000002', packModel: 'SP-PC-12', serial: 'PC-0002' },
    ], 'switch.csv'));
    await page.click('#start');
    await page.waitForSelector('#results:not([hidden])', { timeout: 120_000 });
    expect((await tableRows(page)).map((r) => r[1])).toEqual(['エラー', 'エラー', '登録完了']);
    expect((await tableRows(page))[0]![3]).toContain('貴社のお客さまのサポートIDとして見つかりません');

    await page.click('#lang-en');
    await expect.poll(async () => (await tableRows(page)).map((r) => r[3]).join('\n'), { timeout: 60_000 })
      .toContain('Support ID "399999999" was not found among your customers\' contracts. Check the support ID. [SUPPORT_ID_UNKNOWN]');
    const rows = await tableRows(page);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['2', 'Rejected'], ['3', 'Rejected'], ['4', 'Registered']]);
    expect(rows[1]![3]).toContain('Postal code "12-34" must be 7 digits');
    expect(await japaneseIn(page, 'main')).toEqual([]);
    await shot(page, 'en-results');

    await page.click('#lang-ja');
    await expect.poll(async () => (await tableRows(page))[0]![3]).toContain('貴社のお客さまのサポートIDとして見つかりません');
    expect((await tableRows(page))[1]![3]).toContain('郵便番号「12-34」');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('atomicity: row / application (default) / file explained and sent; "file" holds every valid row with FILE_HELD', async () => {
    const { page, problems } = await openPage();
    expect(await page.isChecked('#atomicity-application')).toBe(true);
    for (const choice of ['row', 'application', 'file']) {
      expect(await page.textContent(`label[for=atomicity-${choice}]`)).toBeTruthy();
    }
    expect(await page.textContent('#atomicity')).toContain('ファイル');
    await page.setInputFiles('#file', await writeUploadCsv([
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0011' },
      { supportId: '300000002', packModel: 'SP-HW-12', serial: 'HW-0012' },
      { supportId: '399999999', packModel: 'SP-HW-12', serial: 'HW-0013' },
    ], 'all-or-nothing.csv'));
    await page.check('#atomicity-file');
    const [upload] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/v1/imports')),
      page.click('#start'),
    ]);
    expect(new URL(upload.url()).searchParams.get('atomicity')).toBe('file');
    await page.waitForSelector('#results:not([hidden])', { timeout: 120_000 });
    const rows = await tableRows(page);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['4', 'エラー'], ['2', '保留'], ['3', '保留']]);
    expect(rows[1]![3]).toContain('[FILE_HELD]');
    expect(rows[2]![3]).toContain('[FILE_HELD]');
    expect(rows[1]![2]).toBe('');
    await shot(page, 'atomicity-file');
    await page.click('#lang-en');
    await expect.poll(() => page.textContent('#atomicity')).toContain('all or nothing');
    expect(problems).toEqual([]);
    await page.close();
  });
}));
