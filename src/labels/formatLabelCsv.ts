import { guardCsvText } from '../domain/formulaGuard.js';

/** One label shipment as the shipping team needs it. */
export interface LabelLine {
  readonly receiptNo: string;
  readonly supportId: string;
  readonly customerName: string;
  readonly recipientUserId: string;
  readonly recipientName: string;
  readonly postalCode: string;
  readonly address: string;
  readonly building: string;
  readonly phone: string;
  /** The packs that need a label, `MODEL SERIAL` each. */
  readonly packs: readonly string[];
}

/** Column headers, in Japanese: the shipping team works in Excel in Japanese. */
export const LABEL_CSV_HEADERS = [
  '受付番号', 'サポートID', 'お客さま名', '送付先ユーザID', '送付先氏名', '郵便番号', '住所', 'ビル名', '電話番号', 'ラベル枚数', 'サポートパック',
] as const;

const quote = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * The label CSV: UTF-8 with BOM and CRLF line ends, so Excel opens Japanese text correctly;
 * one line per shipment, packs joined with ` / ` in one cell. Names and addresses come from
 * reference data a reseller or customer typed: every cell gets the one formula guard (SPEC §6).
 */
export function formatLabelCsv(lines: readonly LabelLine[]): string {
  const rows = lines.map((l) => [
    l.receiptNo, l.supportId, l.customerName, l.recipientUserId, l.recipientName, l.postalCode, l.address, l.building, l.phone,
    String(l.packs.length), l.packs.join(' / '),
  ]);
  const body = [[...LABEL_CSV_HEADERS], ...rows].map((cells) => cells.map((c) => quote(guardCsvText(c))).join(',')).join('\r\n');
  return `\ufeff${body}\r\n`;
}
