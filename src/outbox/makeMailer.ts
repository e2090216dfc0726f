import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxSettings } from '../config.js';

/** One message ready to go. */
export interface OutgoingMail {
  /** The outbox row id: it names the .eml file and the Message-ID, so a resend is recognisable. */
  readonly outboxId: number;
  readonly receiptNo: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly date: Date;
}

/** Delivers messages; `describe` says where (for logs and the CLI). */
export interface Mailer {
  readonly describe: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

// A dead server must fail an attempt in seconds, not hold the outbox row's lock for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * SMTP (nodemailer) when `PACKREG_SMTP_URL` is set; otherwise RFC 822 `.eml` files in
 * `PACKREG_OUTBOX_DIR`, composed by the same nodemailer code, so what lands in the folder is
 * exactly what SMTP would have sent. File names are fixed per outbox row: writing one again
 * (a retry after a crash) replaces it rather than adding a second copy.
 */
export function makeMailer(settings: OutboxSettings): Mailer {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport({ url: settings.smtpUrl, ...SMTP_TIMEOUTS });
    const url = new URL(settings.smtpUrl);
    return {
      describe: `${url.protocol}//${url.host}`,
      send: async (mail) => {
        await transport.sendMail(message(settings, mail));
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    describe: settings.dir,
    send: async (mail) => {
      const info = await transport.sendMail(message(settings, mail));
      await fs.mkdir(settings.dir, { recursive: true });
      const file = path.join(settings.dir, `${mail.receiptNo}-${mail.outboxId}.eml`);
      await fs.writeFile(`${file}.tmp`, info.message as Buffer);
      await fs.rename(`${file}.tmp`, file);
    },
    close: () => transport.close(),
  };
}

function message(settings: OutboxSettings, mail: OutgoingMail) {
  return {
    from: settings.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    date: mail.date,
    messageId: `<packreg-outbox-${mail.outboxId}@packreg>`,
    // Quoted-printable keeps ASCII (receipt numbers, serials) readable in the raw message.
    textEncoding: 'quoted-printable' as const,
    headers: { 'X-Packreg-Receipt': mail.receiptNo, 'X-Packreg-Outbox-Id': String(mail.outboxId) },
  };
}
