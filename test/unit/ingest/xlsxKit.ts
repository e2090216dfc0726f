import ExcelJS from 'exceljs';

/** Write a real workbook with exceljs (the whole-workbook writer: fine for making test files). */
export async function writeWorkbook(file: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

export const HEADER_CELLS = ['サポートID', '型番', '製品シリアルNo.', '対象製品型番', 'サービス開始日'];

/**
 * A packreg-shaped workbook exercising every cell kind: a hidden sheet with a valid header (must be
 * skipped), a visible sheet without one, then the data sheet with a title row and row gaps.
 */
export function buildRichWorkbook(wb: ExcelJS.Workbook, date1904 = false): void {
  wb.properties.date1904 = date1904;
  const hidden = wb.addWorksheet('Hidden', { state: 'hidden' });
  hidden.addRow(HEADER_CELLS);
  hidden.addRow([399999999, 'HIDDEN', 'H1', 'P', '2026-01-01']);
  wb.addWorksheet('Notes').addRow(['ご注意', '見出しはありません']);
  const ws = wb.addWorksheet('申込');
  ws.getRow(1).values = ['サポートパック申込書'];
  ws.getRow(2).values = [...HEADER_CELLS, 'サービス終了日', '設置場所名', '電話番号', '備考', 'オプション機器', '確認'];
  const row3 = ws.getRow(3);
  row3.values = [
    300000001,
    { formula: 'UPPER("spk-1y")', result: 'SPK-1Y' },
    12345678901234,
    'PC-1',
    new Date(Date.UTC(2026, 3, 1)),
    46477, // a bare serial in a date column: 2027-03-31
    { richText: [{ text: '㈱髙島' }, { font: { bold: true }, text: '本社' }] },
    { text: '03-1234-5678', hyperlink: 'tel:0312345678' },
    { error: '#N/A' },
    'OPT-1*2',
    true,
  ];
  row3.getCell(5).numFmt = 'yyyy/m/d';
  // Serial 1 with a date format (exceljs's writer would turn Date(1900-01-01) into serial 2).
  ws.getRow(5).values = [300000002, 'SPK-1Y', 'SN-2', 'PC-1', 1, '令和9年3月31日', '', '', 'x_x000D_y'];
  ws.getRow(5).getCell(5).numFmt = 'yyyy-mm-dd';
  ws.getRow(8).values = [300000003, 'SPK-1Y', 'SN-3', 'PC-1', { formula: 'DATE(2026,4,2)', result: 46114 }];
  ws.getRow(8).getCell(5).numFmt = 'yyyy-mm-dd';
}
