import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { reviewApplication } from '../../src/applications/reviewApplication.js';
import { fixedClock } from '../../src/clock.js';
import type { OutboxSettings } from '../../src/config.js';
import { sendOutbox } from '../../src/outbox/sendOutbox.js';
import { loadReference } from '../../src/reference/loadReference.js';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { describeEachEngine, TEST_TODAY } from '../helpers/testDatabase.js';
import { decodeQuotedPrintable, importForReceipts, truncateApplications } from './aftercareKit.js';

interface Captured {
  readonly from: string;
  readonly to: string[];
  readonly data: string;
}

/**
 * Just enough SMTP (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to take
 * nodemailer's messages on 127.0.0.1 and keep them. No STARTTLS or AUTH is advertised, so the
 * client sends in the clear.
 */
async function startSmtpServer(): Promise<{ port: number; messages: Captured[]; close(): Promise<void> }> {
  const messages: Captured[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost test SMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push({ from, to, data: Buffer.from(data, 'latin1').toString('utf8') });
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('250 ok');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describeEachEngine('aftercare: outbox delivery', (t) => {
  const knex = () => t().db.knex;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receipt: string;
  const settings = (o: Partial<OutboxSettings>): OutboxSettings => ({
    smtpUrl: undefined, dir: '', from: 'packreg@example.jp', maxAttempts: 3, retrySeconds: 60, ...o,
  });
  const withOutbox = (o: Partial<OutboxSettings>, at = `${TEST_TODAY}T03:00:00Z`) =>
    t().context({ config: { outbox: settings(o) }, clock: fixedClock(at) });
  const states = () => knex()('notification_outbox').orderBy('id').select('recipient_user_id', 'kind', 'status', 'attempts');

  beforeAll(async () => {
    await loadReference(t().context(), await writeReferenceDir());
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  beforeEach(async () => {
    await truncateApplications(t());
    smtp.messages.length = 0;
    const receipts = await importForReceipts(t(), [
      { supportId: '300000001', packModel: 'SP-HW-12', serial: 'HW-0001' },
      { supportId: '300000001', packModel: 'SP-NX-12', serial: 'NX-0001' },
    ]);
    receipt = receipts['300000001']!;
  });

  it('writes one .eml per notification, in Japanese with an English part, and sends each once', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-outbox-'));
    const first = await sendOutbox(withOutbox({ dir }));
    expect(first).toMatchObject({ sent: 2, retrying: 0, failed: 0, via: dir });
    const files = (await fs.readdir(dir)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.startsWith(`${receipt}-`) && f.endsWith('.eml'))).toBe(true);
    const raw = await fs.readFile(path.join(dir, files[0]!), 'utf8');
    expect(raw).toMatch(/^To: admin1@example\.jp\r$/m);
    expect(raw).toContain(`X-Packreg-Receipt: ${receipt}`);
    const body = decodeQuotedPrintable(raw.slice(raw.indexOf('\r\n\r\n')));
    expect(body).toContain(`受付番号: ${receipt}`);
    expect(body).toContain('サポートID: 300000001');
    expect(body).toContain('SP-NX-12  NX-0001  2026-12-01〜2027-11-30');
    expect(body).toContain('一部製品(NX、VMware製品など)');
    expect(body).toContain(`Receipt number: ${receipt}`);
    expect(await states()).toEqual([
      { recipient_user_id: 'U-ADMIN1', kind: 'application_received', status: 'sent', attempts: 1 },
      { recipient_user_id: 'U-DEP1', kind: 'application_received', status: 'sent', attempts: 1 },
    ]);

    const second = await sendOutbox(withOutbox({ dir }));
    expect(second.sent).toBe(0);
    expect(await fs.readdir(dir)).toHaveLength(2);
  });

  it('sends through SMTP to the administrator and the deputy, once even with two senders at work', async () => {
    const ctx = withOutbox({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    await reviewApplication(ctx, { receiptNo: receipt, decision: 'approve' });
    const [a, b] = await Promise.all([sendOutbox(ctx), sendOutbox(ctx)]);
    expect(a.sent + b.sent).toBe(4);
    expect(smtp.messages).toHaveLength(4);
    expect(smtp.messages.map((m) => m.to.join()).sort()).toEqual(['admin1@example.jp', 'admin1@example.jp', 'dep1@example.jp', 'dep1@example.jp']);
    const ids = smtp.messages.map((m) => /^X-Packreg-Outbox-Id: (\d+)/im.exec(m.data)?.[1]);
    expect(new Set(ids).size).toBe(4);
    const approved = smtp.messages.find((m) => m.data.includes('X-Packreg-Receipt') && decodeQuotedPrintable(m.data).includes('登録が完了しました'))!;
    expect(approved.data).toContain(`X-Packreg-Receipt: ${receipt}`);
    expect(decodeQuotedPrintable(approved.data)).toContain(`受付番号: ${receipt}`);
    expect((await states()).every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
    expect((await sendOutbox(ctx)).sent).toBe(0);
    expect(smtp.messages).toHaveLength(4);
  });

  it('records a failed delivery, waits, retries, and gives up after the last attempt', async () => {
    const dead = `smtp://127.0.0.1:${await closedPort()}`;
    const failed = await sendOutbox(withOutbox({ smtpUrl: dead }));
    expect(failed).toMatchObject({ sent: 0, retrying: 2, failed: 0 });
    const rows = await knex()('notification_outbox').orderBy('id').select('status', 'attempts', 'last_error', 'next_attempt_at');
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['pending', 1], ['pending', 1]]);
    expect(rows[0]!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(rows[0]!.next_attempt_at).toISOString()).toBe(`${TEST_TODAY}T03:01:00.000Z`);

    // Not due yet: nothing is attempted.
    expect(await sendOutbox(withOutbox({ smtpUrl: dead }, `${TEST_TODAY}T03:00:30Z`))).toMatchObject({ sent: 0, retrying: 0 });
    // Due: the working server takes one (--limit 1), then the other on the next run.
    const live = `smtp://127.0.0.1:${smtp.port}`;
    expect(await sendOutbox(withOutbox({ smtpUrl: live }, `${TEST_TODAY}T03:05:00Z`), { limit: 1 })).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    expect(await sendOutbox(withOutbox({ smtpUrl: live }, `${TEST_TODAY}T03:05:00Z`))).toMatchObject({ sent: 1 });
    expect((await states()).map((s) => [s.status, s.attempts])).toEqual([['sent', 2], ['sent', 2]]);
    expect(await knex()('notification_outbox').whereNotNull('last_error').count({ n: '*' })).toEqual([{ n: 0 }]);

    // A notification that never gets through ends `failed` after maxAttempts (3): 60 s, then 120 s apart.
    await reviewApplication(t().context(), { receiptNo: receipt, decision: 'reject', reason: 'test' });
    for (const at of ['T04:00:00Z', 'T04:01:00Z', 'T04:03:00Z']) await sendOutbox(withOutbox({ smtpUrl: dead }, `${TEST_TODAY}${at}`));
    const rejected = await knex()('notification_outbox').where({ kind: 'review_rejected' }).select('status', 'attempts', 'next_attempt_at');
    expect(rejected).toEqual([
      { status: 'failed', attempts: 3, next_attempt_at: null },
      { status: 'failed', attempts: 3, next_attempt_at: null },
    ]);
    expect((await sendOutbox(withOutbox({ smtpUrl: live }, `${TEST_TODAY}T09:00:00Z`))).sent).toBe(0);
  });
});
