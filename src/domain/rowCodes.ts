import type { FieldKey } from './fields.js';
import type { Finding } from './Finding.js';
import type { Lang } from './lang.js';
import { printableParams } from './paramText.js';

type Params = Readonly<Record<string, unknown>>;
type Severity = 'error' | 'warning';

/** One entry of the row-code catalog. */
export interface RowCodeEntry {
  readonly severity: Severity;
  /** The field a finding of this code concerns unless the finding says otherwise. */
  readonly field: FieldKey | null;
  /** The param that holds the offending value the message names (for tests and for the report). */
  readonly subject: string | null;
  /** `label` is the finding's field name in the message's language. */
  readonly ja: (p: Params, label: string) => string;
  readonly en: (p: Params, label: string) => string;
}

/** Field names as the reseller knows them (the template's headers, SPEC §3). */
const FIELD_LABELS: Readonly<Record<FieldKey, { ja: string; en: string }>> = {
  support_id: { ja: 'サポートID', en: 'support ID' },
  pack_model: { ja: 'サポートパック型番', en: 'pack model' },
  pack_serial: { ja: '製品シリアルNo.', en: 'pack serial' },
  product_model: { ja: '対象製品型番', en: 'product model' },
  product_serial: { ja: '対象製品シリアルNo.', en: 'product serial' },
  service_start: { ja: 'サービス開始日', en: 'service start' },
  service_end: { ja: 'サービス終了日', en: 'service end' },
  site_name: { ja: '設置場所名', en: 'site name' },
  site_postal_code: { ja: '郵便番号', en: 'postal code' },
  site_address: { ja: '設置場所住所', en: 'address' },
  site_building: { ja: 'ビル名', en: 'building' },
  site_phone: { ja: '電話番号', en: 'phone' },
  options: { ja: 'オプション機器', en: 'options' },
  label_recipient: { ja: '機器管理ラベル送付先', en: 'label recipient' },
  remarks: { ja: '備考', en: 'remarks' },
};

const ROLE_LABELS: Readonly<Record<string, { ja: string; en: string }>> = {
  admin: { ja: '利用管理者', en: 'administrator' },
  deputy: { ja: '利用管理者代行', en: 'deputy administrator' },
  member: { ja: '利用者', en: 'member' },
};

/** The portal's own alert (seed page, STEP4), quoted verbatim: resellers know it. */
export const END_CLAMPED_ALERT_JA =
  'ご指定のサポート対象は、製品サポートの終了が予定されているため、上記日付までのサポートとなります。';

const MAX_SHOWN = 40;
/**
 * A value fit to quote in a message: control characters made visible (a NUL must never reach a
 * report cell) and long text cut, so a 2,000-character cell does not swamp the report.
 */
function shown(value: unknown): string {
  const text = String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = Array.from(text);
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}…` : text;
}
const v = (p: Params): string => shown(p.value);
const list = (value: unknown, max = 10): string => {
  const items = Array.isArray(value) ? value.map(shown) : [shown(value)];
  return items.length > max ? `${items.slice(0, max).join(', ')}, …` : items.join(', ');
};
const role = (p: Params, lang: Lang): string => ROLE_LABELS[String(p.role)]?.[lang] ?? shown(p.role);
const jaIf = (cond: unknown, text: string): string => (cond ? text : '');

/**
 * Every row-level code (SPEC §4), the held codes of SPEC §5 and the file warning `UNKNOWN_COLUMN`.
 * Params are documented by use: `value` is always the offending value as the reseller wrote it
 * (after normalisation); the others are named in the template that needs them.
 */
export const ROW_CODES = {
  REQUIRED: {
    severity: 'error', field: null, subject: null,
    ja: (p, l) => `${l}が入力されていません。${l}を入力してください${jaIf(p.packModel, `(サポートパック型番「${shown(p.packModel)}」では必須です)`)}${jaIf(p.supportId, `(サポートID「${shown(p.supportId)}」のお申し込みのどの行にも有効な指定がありません)`)}。`,
    en: (p, l) => `The ${l} is missing. Enter the ${l}${p.packModel ? ` (required for pack model "${shown(p.packModel)}")` : ''}${p.supportId ? ` (no row of the application for support ID "${shown(p.supportId)}" gives a valid one)` : ''}.`,
  },
  TEXT_TOO_LONG: {
    severity: 'error', field: null, subject: 'value',
    ja: (p, l) => `${l}「${v(p)}」が長すぎます(${String(p.length)}文字)。${String(p.max ?? 200)}文字以内にしてください。`,
    en: (p, l) => `The ${l} "${v(p)}" is too long (${String(p.length)} characters). Shorten it to at most ${String(p.max ?? 200)} characters.`,
  },
  TEXT_INVALID: {
    severity: 'error', field: null, subject: 'value',
    ja: (p, l) => `${l}「${v(p)}」に使用できない制御文字(${String(p.char)}、${String(p.position)}文字目)があります。その文字を削除してください(タブ・改行は設置場所名・住所・ビル名・備考でのみ使えます。オプション機器の区切りの改行は可)。`,
    en: (p, l) => `The ${l} "${v(p)}" contains a control character (${String(p.char)} at position ${String(p.position)}). Delete it (tabs and line breaks are allowed only in site name, address, building and remarks; line breaks may also separate options).`,
  },
  DATE_FORMAT: {
    severity: 'error', field: null, subject: 'value',
    ja: (p, l) => `${l}「${v(p)}」は日付として読み取れません。2026-04-01、2026/4/1、令和8年4月1日のように年・月・日で入力してください。`,
    en: (p, l) => `The ${l} "${v(p)}" is not a valid date. Enter year, month and day, e.g. 2026-04-01, 2026/4/1 or 令和8年4月1日.`,
  },
  SUPPORT_ID_FORMAT: {
    severity: 'error', field: 'support_id', subject: 'value',
    ja: (p) => `サポートID「${v(p)}」は「3」で始まる9桁の数字で入力してください。`,
    en: (p) => `Support ID "${v(p)}" must be 9 digits starting with 3.`,
  },
  SUPPORT_ID_UNKNOWN: {
    severity: 'error', field: 'support_id', subject: 'value',
    ja: (p) => `サポートID「${v(p)}」は貴社のお客さまのサポートIDとして見つかりません。サポートIDをご確認ください。`,
    en: (p) => `Support ID "${v(p)}" was not found among your customers' contracts. Check the support ID.`,
  },
  CONTRACT_INACTIVE: {
    severity: 'error', field: 'support_id', subject: 'value',
    ja: (p) => `サポートID「${v(p)}」の契約は有効ではありません${jaIf(p.status, `(${shown(p.status)})`)}。契約期間延長(継続)のお手続きの後に登録してください。`,
    en: (p) => `The contract of support ID "${v(p)}" is not active${p.status ? ` (${shown(p.status)})` : ''}. Renew the contract, then register the pack.`,
  },
  PACK_MODEL_UNKNOWN: {
    severity: 'error', field: 'pack_model', subject: 'value',
    ja: (p) => `サポートパック型番「${v(p)}」は登録できる型番ではありません。パッケージに記載の型番(英数字とハイフン)をご確認ください。`,
    en: (p) => `Pack model "${v(p)}" is not a support pack model. Check the model printed on the package (letters, digits and hyphens).`,
  },
  PACK_SERIAL_UNKNOWN: {
    severity: 'error', field: 'pack_serial', subject: 'value',
    ja: (p) => `製品シリアルNo.「${v(p)}」は発行されていません。パッケージ同梱の「ご利用の手引き」に記載の製品シリアルNo.をご確認ください。`,
    en: (p) => `Pack serial "${v(p)}" has not been issued. Check the serial in the leaflet packed with the support pack.`,
  },
  PACK_SERIAL_MODEL_MISMATCH: {
    severity: 'error', field: 'pack_serial', subject: 'value',
    ja: (p) => `製品シリアルNo.「${v(p)}」はサポートパック型番「${shown(p.packModel)}」のシリアルではありません${jaIf(p.issuedModel ?? p.issuedFor, `(「${shown(p.issuedModel ?? p.issuedFor)}」のシリアルです)`)}。型番とシリアルの組み合わせを修正してください。`,
    en: (p) => `Pack serial "${v(p)}" does not belong to pack model "${shown(p.packModel)}"${(p.issuedModel ?? p.issuedFor) ? ` (it was issued for "${shown(p.issuedModel ?? p.issuedFor)}")` : ''}. Correct the model or the serial.`,
  },
  PACK_SERIAL_REGISTERED: {
    severity: 'error', field: 'pack_serial', subject: 'value',
    // Names no receipt, support ID or reseller: the registration may be another reseller's (SPEC §5).
    ja: (p) => `製品シリアルNo.「${v(p)}」は以前に登録されています(登録内容またはサポートIDが異なります)。シリアルNo.をご確認ください。`,
    en: (p) => `Pack serial "${v(p)}" was registered before (with other data or under another support ID). Check the serial.`,
  },
  PACK_SERIAL_DUPLICATE: {
    severity: 'error', field: 'pack_serial', subject: 'value',
    ja: (p) => `製品シリアルNo.「${v(p)}」がこのファイルに${String(p.count)}回あります(${list(p.rows)}行目)。1つのパックは1行で登録してください(重複した行はすべて登録されません)。`,
    en: (p) => `Pack serial "${v(p)}" appears ${String(p.count)} times in this file (rows ${list(p.rows)}). Register each pack on one row only; every duplicate row is rejected.`,
  },
  PRODUCT_UNKNOWN: {
    severity: 'error', field: 'product_model', subject: 'value',
    ja: (p) => `対象製品型番「${v(p)}」は見つかりません。本体に記載の型番(英数字とハイフン)をご確認ください。`,
    en: (p) => `Product model "${v(p)}" was not found. Check the model on the product (letters, digits and hyphens).`,
  },
  PRODUCT_NOT_ELIGIBLE: {
    severity: 'error', field: 'product_model', subject: 'value',
    ja: (p) => `対象製品「${v(p)}」はサポートパック「${shown(p.packModel)}」の対象製品ではありません。対象製品に合ったサポートパックをご利用ください。`,
    en: (p) => `Product "${v(p)}" is not covered by pack "${shown(p.packModel)}". Use a support pack made for this product.`,
  },
  PRODUCT_END_OF_SUPPORT: {
    severity: 'error', field: 'service_start', subject: 'value',
    ja: (p) => `サービス開始日「${v(p)}」は対象製品のサポート終了日(${shown(p.endOfSupport)})より後のため登録できません。${shown(p.endOfSupport)}以前の開始日を入力してください。`,
    en: (p) => `Service start "${v(p)}" is after the product's end of support (${shown(p.endOfSupport)}). Enter a start on or before ${shown(p.endOfSupport)}.`,
  },
  SERVICE_START_RANGE: {
    severity: 'error', field: 'service_start', subject: 'value',
    ja: (p) => `サービス開始日「${v(p)}」は受付できる範囲(${shown(p.earliest)}〜${shown(p.latest)})の外です。範囲内の日付を入力してください。`,
    en: (p) => `Service start "${v(p)}" is outside the accepted range (${shown(p.earliest)} to ${shown(p.latest)}). Enter a date within it.`,
  },
  SERVICE_END_RANGE: {
    severity: 'error', field: 'service_end', subject: 'value',
    ja: (p) => `サービス終了日「${v(p)}」は、サービス開始日(${shown(p.start)})から契約期間の最終日(${shown(p.latest)})までの日付で入力してください(空欄なら${shown(p.latest)}になります)。`,
    en: (p) => `Service end "${v(p)}" must be between the service start (${shown(p.start)}) and the last day of the term (${shown(p.latest)}); leave it blank for ${shown(p.latest)}.`,
  },
  POSTAL_CODE_FORMAT: {
    severity: 'error', field: 'site_postal_code', subject: 'value',
    ja: (p) => `郵便番号「${v(p)}」は7桁の数字(例: 123-4567)で入力してください。`,
    en: (p) => `Postal code "${v(p)}" must be 7 digits (e.g. 123-4567).`,
  },
  PHONE_FORMAT: {
    severity: 'error', field: 'site_phone', subject: 'value',
    ja: (p) => `電話番号「${v(p)}」は市外局番から10桁または11桁の数字で入力してください(ハイフン・括弧は使えます)。`,
    en: (p) => `Phone "${v(p)}" must have 10 or 11 digits including the area code (hyphens and parentheses are allowed).`,
  },
  OPTIONS_FORMAT: {
    severity: 'error', field: 'options', subject: 'value',
    ja: (p) => `オプション機器「${v(p)}」の書き方が正しくありません。「型番」または「型番*数量」(例: N8103-123*2)を「;」「、」「,」か改行で区切って入力してください。`,
    en: (p) => `Option entry "${v(p)}" is malformed. Write "MODEL" or "MODEL*QTY" (e.g. N8103-123*2), separated by ";", "、", "," or line breaks.`,
  },
  OPTIONS_QUANTITY: {
    severity: 'error', field: 'options', subject: 'value',
    ja: (p) => `オプション機器「${v(p)}」の数量が正しくありません。数量は1〜99で入力してください。`,
    en: (p) => `Option entry "${v(p)}" has an invalid quantity. Enter a quantity from 1 to 99.`,
  },
  OPTIONS_NOT_ALLOWED: {
    severity: 'error', field: 'options', subject: 'value',
    ja: (p) => `サポートパック「${shown(p.packModel)}」ではオプション機器「${v(p)}」を登録できません。オプション機器を空欄にしてください。`,
    en: (p) => `Pack "${shown(p.packModel)}" takes no option devices, but "${v(p)}" was given. Leave the options blank.`,
  },
  LABEL_RECIPIENT_UNKNOWN: {
    severity: 'error', field: 'label_recipient', subject: 'value',
    ja: (p) => `機器管理ラベル送付先「${v(p)}」はサポートID「${shown(p.supportId)}」のサービス利用者ではありません。サービス利用者のユーザIDを入力してください。`,
    en: (p) => `Label recipient "${v(p)}" is not a service user of support ID "${shown(p.supportId)}". Enter the user ID of one of its service users.`,
  },
  LABEL_RECIPIENT_ROLE: {
    severity: 'error', field: 'label_recipient', subject: 'value',
    ja: (p) => `機器管理ラベル送付先「${v(p)}」は${role(p, 'ja')}です。利用管理者または利用管理者代行のユーザIDを入力してください。`,
    en: (p) => `Label recipient "${v(p)}" is a ${role(p, 'en')}. Enter the user ID of an administrator or deputy administrator.`,
  },
  LABEL_RECIPIENT_CONFLICT: {
    severity: 'error', field: 'label_recipient', subject: 'value',
    ja: (p) => `サポートID「${shown(p.supportId)}」のお申し込みに機器管理ラベル送付先が複数あります(${list(p.recipients)}${jaIf(p.value, `、この行は「${v(p)}」`)})。送付先は1つにそろえてください(空欄の行は他の行の送付先を引き継ぎます)。`,
    en: (p) => `The application for support ID "${shown(p.supportId)}" names several label recipients (${list(p.recipients)}${p.value ? `; this row: "${v(p)}"` : ''}). Use one recipient; blank rows take the other rows' recipient.`,
  },
  APPLICATION_HELD: {
    severity: 'error', field: null, subject: 'supportId',
    ja: (p) => `サポートID「${shown(p.supportId)}」のお申し込みにエラーの行があるため、この行の登録を保留しました。エラーの行を修正し、お申し込みの全行をもう一度送ってください。`,
    en: (p) => `This row was held because the application for support ID "${shown(p.supportId)}" has rejected rows. Fix them and upload all rows of the application again.`,
  },
  FILE_HELD: {
    severity: 'error', field: null, subject: null,
    ja: () => 'ファイル内にエラーの行があるため、この行の登録を保留しました(ファイル単位の登録)。エラーの行を修正し、ファイルをもう一度送ってください。',
    en: () => 'This row was held because other rows of the file were rejected (all-or-nothing import). Fix them and upload the file again.',
  },
  IMPORT_CANCELLED: {
    // Issue 20 item 4: the import was cancelled before this row's application was committed.
    severity: 'error', field: null, subject: null,
    ja: () => '取込が取り消されたため、この行は登録していません(エラーはありません)。同じファイルをもう一度取り込むと登録されます(既に登録された行は「登録済み」と報告されます)。',
    en: () => 'This row was not committed because the import was cancelled (it has no error). Import the same file again to register it (rows already committed are reported as already registered).',
  },
  END_CLAMPED: {
    severity: 'warning', field: 'service_end', subject: 'value',
    // The ja text is the portal's alert verbatim, after the date it refers to as 上記日付.
    ja: (p) => `サービス終了日を ${v(p)} に変更しました。${END_CLAMPED_ALERT_JA}`,
    en: (p) => `The service end was changed to ${v(p)}${p.requested ? ` (requested: ${shown(p.requested)})` : ''}: support for the product is scheduled to end, so support runs until that date.`,
  },
  ADDRESS_NO_NUMBER: {
    severity: 'warning', field: 'site_address', subject: 'value',
    ja: (p) => `設置場所住所「${v(p)}」に番地がありません。修理でおうかがいする際の住所となりますので、番地・ビル名まで正確にご入力ください。`,
    en: (p) => `Address "${v(p)}" has no street number. It is where engineers come for on-site repair: enter it down to the street number and building.`,
  },
  MANUAL_REVIEW: {
    severity: 'warning', field: 'pack_model', subject: 'value',
    ja: (p) => `サポートパック「${v(p)}」は弊社での確認が必要な製品(NX、VMware製品など)のため、お申し込みはしばらく確認中になります。確認中は設置場所・オプション機器を変更できません。`,
    en: (p) => `Pack "${v(p)}" covers a product that needs review (NX, VMware, …): the application stays under review for a while, and its site and options cannot be changed until then.`,
  },
  UNKNOWN_COLUMN: {
    severity: 'warning', field: null, subject: 'columns',
    ja: (p) => `見出し「${list(p.columns ?? p.column)}」は認識できない列のため取り込みません(レポートにはそのまま出力します)。取り込む場合は見出しをテンプレートに合わせてください。`,
    en: (p) => `Column "${list(p.columns ?? p.column)}" is not recognised and was not imported (it is echoed in the report). Rename the header to match the template to import it.`,
  },
} as const satisfies Record<string, RowCodeEntry>;

export type RowCode = keyof typeof ROW_CODES;

const catalog: Readonly<Record<string, RowCodeEntry>> = ROW_CODES;

/** Is `code` one of the catalog's codes? */
export function isRowCode(code: string): code is RowCode {
  return Object.hasOwn(catalog, code);
}

/**
 * Does a finding of this code go into the row's errors (true) or its warnings (false)?
 * An unknown code counts as an error: a row must never be committed on a finding nobody catalogued.
 */
export function isError(code: string): boolean {
  return catalog[code]?.severity !== 'warning';
}

/** A finding of `code`, on the catalog's default field unless `field` is given. */
export function rowFinding(code: RowCode, params: Params = {}, field: FieldKey | null = ROW_CODES[code].field): Finding {
  return { code, field, params };
}

/** The report's `{ code, field, message }` for a finding, in the chosen language. */
export function renderFinding(finding: Finding, lang: Lang): { code: string; field: FieldKey | null; message: string } {
  const entry = catalog[finding.code];
  if (!entry) return { code: finding.code, field: finding.field, message: finding.code };
  const field = finding.field ?? entry.field;
  const label = field ? FIELD_LABELS[field][lang] : '';
  return { code: finding.code, field: finding.field, message: entry[lang](printableParams(finding.params, lang), label) };
}
