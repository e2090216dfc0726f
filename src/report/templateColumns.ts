import type { FieldKey } from '../domain/fields.js';
import type { TemplateListName } from './loadTemplateLists.js';

/**
 * One template column: its Japanese header (SPEC §3), whether it is a code kept as text, its note;
 * `date`: its cells are formatted as dates; `list`: the drop-down it offers (loadTemplateLists).
 */
export interface TemplateColumn {
  readonly header: string;
  readonly text: boolean;
  readonly note: { readonly ja: string; readonly en: string };
  readonly date?: true;
  readonly list?: TemplateListName;
}

/**
 * The upload template's columns, in FIELD_KEYS order, with the first Japanese header SPEC §3 lists
 * for each (test/unit/report checks every header maps back to its key) and a note explaining it.
 */
export const TEMPLATE_COLUMNS: Readonly<Record<FieldKey, TemplateColumn>> = {
  support_id: { header: 'サポートID', text: true, list: 'supportIds', note: {
    ja: '必須。お客様のサポートID(3で始まる9桁)。有効な契約は一覧から選べます。',
    en: 'Required. The customer\'s support ID (9 digits starting with 3); your active ones are in the list.' } },
  pack_model: { header: '型番', text: true, list: 'packModels', note: {
    ja: '必須。サポートパックの型番。一覧から選べます。',
    en: 'Required. The support pack\'s model; pick it from the list.' } },
  pack_serial: { header: '製品シリアルNo.', text: true, note: {
    ja: '必須。サポートパックのシリアル番号(1行に1パック)。',
    en: 'Required. The support pack\'s serial (one pack per row).' } },
  product_model: { header: '対象製品型番', text: true, list: 'productModels', note: {
    ja: '必須。サポート対象の製品の型番。一覧から選べます。',
    en: 'Required. The model of the product the pack covers; pick it from the list.' } },
  product_serial: { header: '対象製品シリアルNo.', text: true, note: {
    ja: 'ハードウェアのパックでは必須。対象製品の号機番号。',
    en: 'Required for hardware packs. The covered product\'s serial.' } },
  service_start: { header: 'サービス開始日', text: false, date: true, note: {
    ja: '必須。2026/12/1、2026-12-01、令和8年12月1日、R8.12.1 のいずれか。年は省略できません。',
    en: 'Required. A date such as 2026/12/1, 2026-12-01 or R8.12.1; the year cannot be left out.' } },
  service_end: { header: 'サービス終了日', text: false, date: true, note: {
    ja: '任意。空欄なら開始日+パックの期間-1日。製品サポート終了日を超える場合はその日までになります。',
    en: 'Optional. Blank = start + the pack\'s term - 1 day; cut back to the product\'s end of support.' } },
  site_name: { header: '設置場所名', text: false, note: {
    ja: '任意。設置場所の名称(例: 本社 サーバ室)。',
    en: 'Optional. The installation site\'s name.' } },
  site_postal_code: { header: '郵便番号', text: true, note: {
    ja: 'オンサイト保守のパックでは必須。7桁(123-4567)。',
    en: 'Required for packs with on-site service. 7 digits (123-4567).' } },
  site_address: { header: '住所', text: false, note: {
    ja: 'オンサイト保守のパックでは必須。番地・建物まで。',
    en: 'Required for packs with on-site service. Down to the street number.' } },
  site_building: { header: 'ビル名', text: false, note: {
    ja: '任意。ビル名・階。', en: 'Optional. Building and floor.' } },
  site_phone: { header: '電話番号', text: true, note: {
    ja: '任意。10桁または11桁(ハイフン可)。', en: 'Optional. 10 or 11 digits (hyphens allowed).' } },
  options: { header: 'オプション機器', text: true, note: {
    ja: '任意。型番*数量 を ; で区切って(例: OPT-MEM-16G*2;OPT-HDD-1T)。数量は1〜99、省略時1。',
    en: 'Optional. MODEL*QTY separated by ; (e.g. OPT-MEM-16G*2;OPT-HDD-1T). Quantity 1-99, default 1.' } },
  label_recipient: { header: '機器管理ラベル送付先', text: true, list: 'labelRecipients', note: {
    ja: 'ラベルが必要なパックでは必須。サポートIDの利用管理者または利用管理者代行のユーザーID。一覧から選べます。',
    en: 'Required when the pack needs a label. User ID of an administrator or deputy of the support ID; pick it from the list.' } },
  remarks: { header: '備考', text: false, note: {
    ja: '任意。取込では使われず、結果にそのまま表示されます。', en: 'Optional. Not imported; echoed in the report.' } },
};
