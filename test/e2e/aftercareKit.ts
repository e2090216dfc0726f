import { importFile } from '../../src/import.js';
import type { TestDatabase } from '../helpers/testDatabase.js';
import { writeUploadCsv, type UploadRow } from '../helpers/uploadFile.js';

/** Empty every table an import or an after-care action writes (reference data stays). */
export async function truncateApplications(t: TestDatabase): Promise<void> {
  await t.db.knex.raw(`truncate audit_log, registration_options, label_shipments, notification_outbox, registrations,
                                applications, import_rows, import_batches cascade`);
}

/** Import `rows` for RS001 and return the receipt number of each support ID's application. */
export async function importForReceipts(t: TestDatabase, rows: UploadRow[]): Promise<Record<string, string>> {
  const file = await writeUploadCsv(rows);
  const { importId } = await importFile(t.context(), { path: file, resellerCode: 'RS001' });
  const apps = await t.db.knex('applications').where({ import_id: importId }).select('support_id', 'receipt_no');
  return Object.fromEntries(apps.map((a: { support_id: string; receipt_no: string }) => [a.support_id, a.receipt_no]));
}

/** Decode a quoted-printable body (what makeMailer asks nodemailer to write) back to text. */
export function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
