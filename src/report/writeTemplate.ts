import type ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { FIELD_KEYS } from '../domain/fields.js';
import type { Lang } from '../domain/lang.js';
import { loadTemplateLists, type TemplateListName } from './loadTemplateLists.js';
import { addPlainRow, makeReportWorkbook } from './reportWorkbook.js';
import { styleHeaderRow, widthFor } from './reportStyles.js';
import { TEMPLATE_COLUMNS } from './templateColumns.js';
import { columnLetter, inlineListFormula, listRangeFormula } from './templateListFormula.js';

/** Rows below the header that get the drop-downs (Excel stores the range, not cells). */
const VALIDATED_ROWS = 10_000;
const LIST_SHEET = 'lists';
/** How dates show in the date columns: as the reseller's Excel writes them. */
const DATE_FORMAT: Readonly<Record<Lang, string>> = { ja: 'yyyy/mm/dd', en: 'yyyy-mm-dd' };

const LIST_TITLES: Readonly<Record<TemplateListName, Readonly<Record<Lang, { title: string; error: string }>>>> = {
  supportIds: { ja: { title: 'サポートID', error: '一覧にないサポートIDです(有効な契約のみ表示しています)。' }, en: { title: 'support ID', error: 'This support ID is not one of your active contracts.' } },
  packModels: { ja: { title: '型番', error: '一覧にない型番です。' }, en: { title: 'pack model', error: 'This pack model is not in the list.' } },
  productModels: { ja: { title: '対象製品型番', error: '一覧にない製品型番です。' }, en: { title: 'product model', error: 'This product model is not in the list.' } },
  labelRecipients: { ja: { title: '機器管理ラベル送付先', error: '利用管理者・利用管理者代行のユーザーIDではありません。' }, en: { title: 'label recipient', error: 'This is not the user ID of an administrator or deputy.' } },
};

export interface TemplateOptions {
  readonly lang: Lang;
  /** The reseller the template is made for: its own active support IDs and label recipients. */
  readonly resellerCode?: string | null;
}

/** How many items each drop-down offers (0: the column has none). */
export type TemplateCounts = Readonly<Record<TemplateListName, number>>;

/**
 * The upload template (`packreg template PATH.xlsx [--reseller CODE]`, `GET /v1/template.xlsx`):
 * one blank sheet with every SPEC §3 column under its Japanese header, a note on each header
 * saying what goes in it, code columns formatted as text (Excel would otherwise drop a phone's
 * leading zero), date columns formatted as dates, and drop-downs (issue 20 item 7) for support
 * IDs, pack and product models and label recipients (loadTemplateLists: the reseller's own). A
 * short list is written inline; one past Excel's 255-character inline limit lives on a hidden
 * sheet and is referred to by range. The ingest reads the first visible sheet, so the hidden
 * lists never look like an upload. The drop-downs warn rather than stop: a model added after the
 * template was downloaded can still be typed, and the import checks every value anyway.
 */
export async function writeTemplate(knex: Knex, options: TemplateOptions, out: NodeJS.WritableStream): Promise<TemplateCounts> {
  const { lang } = options;
  const lists = await loadTemplateLists(knex, options.resellerCode ?? null);
  const workbook = makeReportWorkbook(out);
  const sheet = workbook.addWorksheet(lang === 'ja' ? '登録依頼' : 'upload', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });

  const columns = FIELD_KEYS.map((key) => ({ key, ...TEMPLATE_COLUMNS[key] }));
  sheet.columns = columns.map((c) => ({
    width: widthFor(c.header, 12, 30),
    ...(c.text ? { style: { numFmt: '@' } } : c.date ? { style: { numFmt: DATE_FORMAT[lang] } } : {}),
  }));
  const header = addPlainRow(sheet, columns.map((c) => c.header));
  styleHeaderRow(header);
  columns.forEach((c, i) => {
    header.getCell(i + 1).note = { texts: [{ text: c.note[lang] }] };
  });

  // exceljs's typings leave out Worksheet.dataValidations (it exists on the streaming writer too).
  const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const ranged: Array<readonly string[]> = [];
  columns.forEach((c, i) => {
    const items = c.list ? lists[c.list] : [];
    if (!c.list || items.length === 0) return;
    let formula = inlineListFormula(items);
    if (formula === null) {
      ranged.push(items);
      formula = listRangeFormula(LIST_SHEET, ranged.length, items.length);
    }
    const column = columnLetter(i + 1);
    const text = LIST_TITLES[c.list][lang];
    validations.add(`${column}2:${column}${VALIDATED_ROWS + 1}`, {
      type: 'list', allowBlank: true, formulae: [formula], showErrorMessage: true, errorStyle: 'warning', errorTitle: text.title, error: text.error,
    });
  });
  header.commit();
  sheet.commit();
  if (ranged.length > 0) {
    const list = workbook.addWorksheet(LIST_SHEET, { state: 'hidden' });
    const longest = Math.max(...ranged.map((items) => items.length));
    for (let r = 0; r < longest; r += 1) addPlainRow(list, ranged.map((items) => items[r] ?? '')).commit();
    list.commit();
  }
  await workbook.commit();
  return Object.fromEntries(Object.entries(lists).map(([name, items]) => [name, (items as string[]).length])) as unknown as TemplateCounts;
}
