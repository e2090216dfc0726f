import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { FIELD_KEYS, type FieldKey } from '../domain/fields.js';
import type { Lang } from '../domain/lang.js';
import { addPlainRow, makeReportWorkbook } from './reportWorkbook.js';
import { styleHeaderRow, widthFor } from './reportStyles.js';
import { TEMPLATE_COLUMNS } from './templateColumns.js';

/** Rows below the header that get the pack model drop-down (Excel stores the range, not cells). */
const VALIDATED_ROWS = 10_000;
const LIST_SHEET = 'lists';

/**
 * The upload template (`packreg template PATH.xlsx`, `GET /v1/template.xlsx`): one blank sheet
 * with every SPEC §3 column under its Japanese header, a note on each header saying what goes in
 * it, code columns formatted as text (Excel would otherwise drop a phone's leading zero), and a
 * drop-down on the pack model column listing the reference data's pack models. The list lives on
 * a hidden sheet: an inline list is limited to 255 characters, which a real catalog exceeds.
 * The ingest reads the first visible sheet, so the hidden list never looks like an upload.
 */
export async function writeTemplate(knex: Knex, options: { lang: Lang }, out: NodeJS.WritableStream): Promise<{ packModels: number }> {
  const models: string[] = await knex('pack_models').orderBy('model').pluck('model');
  const workbook = makeReportWorkbook(out);
  const sheet = workbook.addWorksheet(options.lang === 'ja' ? '登録依頼' : 'upload', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const list = workbook.addWorksheet(LIST_SHEET, { state: 'hidden' });

  const columns = FIELD_KEYS.map((key) => ({ key, ...TEMPLATE_COLUMNS[key] }));
  sheet.columns = columns.map((c) => ({ width: widthFor(c.header, 12, 30), ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  const header = addPlainRow(sheet, columns.map((c) => c.header));
  styleHeaderRow(header);
  columns.forEach((c, i) => {
    header.getCell(i + 1).note = { texts: [{ text: c.note[options.lang] }] };
  });
  if (models.length > 0) {
    const column = columnLetter(columns.findIndex((c) => c.key === ('pack_model' satisfies FieldKey)) + 1);
    // exceljs's typings leave out Worksheet.dataValidations (it exists on the streaming writer too).
    const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    validations.add(`${column}2:${column}${VALIDATED_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${LIST_SHEET}!$A$1:$A$${models.length}`],
      showErrorMessage: true,
      // A warning, not a stop: a model added to the reference data after the template was
      // downloaded can still be typed; the import checks it anyway (PACK_MODEL_UNKNOWN).
      errorStyle: 'warning',
      errorTitle: options.lang === 'ja' ? '型番' : 'pack model',
      error: options.lang === 'ja' ? '一覧にない型番です。' : 'This pack model is not in the list.',
    });
  }
  header.commit();
  sheet.commit();
  for (const model of models) addPlainRow(list, [model]).commit();
  list.commit();
  await workbook.commit();
  return { packModels: models.length };
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
