import { describe, expect, it } from 'vitest';
import {
  SHEET_HEAD, SHEET_TAIL, deflateGenerated, deflateRepeated, paddingPart, rowXml, workbookParts, writeZip, type ZipPart,
} from './hostileKit.js';
import { useProbe } from './hostileProbe.js';

/**
 * Workbooks that aim at the XLSX reader itself, each through the whole ingest in a child process
 * with NO heap cap: only the RSS watchdog (hostileProbe.ts, 300 MB) bounds it, so memory outside
 * the V8 heap counts too. Each must end in a clean file-level code (or rows) under that budget.
 * The limits are the defaults of src/config.ts (SPEC §6).
 */
const probe = useProbe();
const HEADER = ['support id', 'pack model', 'pack serial', 'product model', 'service start', 'remarks'];
const VALID = ['300000001', 'SP-SW-36', 'SW-0001', 'EXP-5800-R120', '2026-12-01', 'ok'];
const text = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** The one-sheet workbook of hostileKit, plus one more workbook part (with its relationship and content type). */
function withPart(sheet: ZipPart['deflated'] | Buffer, kind: 'sharedStrings' | 'styles', data: ZipPart['deflated'] | Buffer): ZipPart[] {
  const name = `xl/${kind}.xml`;
  const parts = workbookParts(sheet).map((part) => {
    if (part.name === 'xl/_rels/workbook.xml.rels') {
      return { ...part, data: Buffer.from(part.data!.toString().replace('</Relationships>', `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${kind}" Target="${kind}.xml"/></Relationships>`)) };
    }
    if (part.name === '[Content_Types].xml') {
      return { ...part, data: Buffer.from(part.data!.toString().replace('</Types>', `<Override PartName="/${name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${kind}+xml"/></Types>`)) };
    }
    return part;
  });
  return [...parts, Buffer.isBuffer(data) ? { name, data } : { name, deflated: data }];
}
const withSharedStrings = (sheet: ZipPart['deflated'] | Buffer, strings: ZipPart['deflated'] | Buffer) => withPart(sheet, 'sharedStrings', strings);
const sheetOf = (rows: string) => Buffer.from(`${SHEET_HEAD('A1:F2')}${rows}${SHEET_TAIL}`);
const sharedRow = (row: number, indexes: number[]) => `<row r="${row}">${indexes.map((i, c) => `<c r="${String.fromCharCode(65 + c)}${row}" t="s"><v>${i}</v></c>`).join('')}</row>`;

describe('hostile workbooks (no heap cap: an RSS watchdog kills the ingest past 300 MB)', () => {
  it('90 MB of nested elements beside a stored padding entry (the ratio allows it) → FILE_LIMITS on the nesting depth', { timeout: 180_000 }, async () => {
    const sheet = await deflateRepeated(`${SHEET_HEAD('A1:F2')}${rowXml(1, HEADER)}${rowXml(2, VALID)}</sheetData>`, '<a>', 30_000_000, '</worksheet>');
    const out = await probe('nested.xlsx', writeZip([...workbookParts(sheet), paddingPart(1_900_000)]), {}, null);
    expect(out).toMatchObject({ code: 'FILE_LIMITS' });
  });

  it('shared strings of 6 million distinct items (160 MB of XML, a ratio under 100) → FILE_LIMITS on their bytes', { timeout: 180_000 }, async () => {
    const strings = await deflateGenerated(`<sst ${MAIN}>`, 6_000_000, (i) => `<si><t>S${String(i).padStart(7, '0')}</t></si>`, '</sst>');
    const sheet = sheetOf(sharedRow(1, [0, 1, 2, 3, 4, 5]));
    const out = await probe('strings-over.xlsx', writeZip(withSharedStrings(sheet, strings)), {}, null);
    expect(out).toMatchObject({ code: 'FILE_LIMITS' });
  });

  it('shared strings just under their limit (3.5 million items) are read, within the memory budget', { timeout: 180_000 }, async () => {
    const strings = await deflateGenerated(`<sst ${MAIN}>${HEADER.map((h) => `<si><t>${h}</t></si>`).join('')}${VALID.map((v) => `<si><t>${v}</t></si>`).join('')}`,
      3_500_000, (i) => `<si><t>S${String(i).padStart(7, '0')}</t></si>`, '</sst>');
    const sheet = sheetOf(`${sharedRow(1, [0, 1, 2, 3, 4, 5])}${sharedRow(2, [6, 7, 8, 9, 10, 12 + 3_499_999])}`);
    const out = await probe('strings-under.xlsx', writeZip(withSharedStrings(sheet, strings)), {}, null);
    expect(out).toMatchObject({ code: null, rows: 1, codes: {} });
  });

  it('300 number formats of 1 MB each in styles.xml, 300 relationship targets of 1 MB, beside stored padding (the ratio allows them) → FILE_LIMITS, or rows with the codes not kept', { timeout: 180_000 }, async () => {
    // Each item is under the XML token limit and their count under PACKREG_MAX_PACKAGE_ITEMS: only
    // bounds on their size stop the reader keeping 300 MB of them. By default the per-part limit
    // of package parts (64 MB) refuses both parts; lifted, the kept-text budget refuses the
    // relationships, and the number formats are read, their codes tested and not kept.
    const huge = 'y'.repeat(1_000_000);
    const valid = sheetOf(`${rowXml(1, HEADER)}${rowXml(2, VALID)}`);
    const styles = await deflateGenerated(`<styleSheet ${MAIN}><numFmts count="300">`, 300, (i) => `<numFmt numFmtId="${200 + i}" formatCode="${huge}"/>`, '</numFmts><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>');
    const rels = await deflateGenerated('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>',
      300, (i) => `<Relationship Id="rX${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${huge}"/>`, '</Relationships>');
    const stylesBomb = writeZip([...withPart(valid, 'styles', styles), paddingPart(4_000_000)]);
    const relsBomb = writeZip([...workbookParts(valid).map((part) => (part.name === 'xl/_rels/workbook.xml.rels' ? { name: part.name, deflated: rels } : part)), paddingPart(4_000_000)]);
    const lifted = { PACKREG_MAX_PACKAGE_PART_MB: '1024' };
    const [stylesOut, relsOut, stylesLifted, relsLifted] = await Promise.all([
      probe('styles-bomb.xlsx', stylesBomb, {}, null),
      probe('rels-bomb.xlsx', relsBomb, {}, null),
      probe('styles-bomb-lifted.xlsx', stylesBomb, lifted, null),
      probe('rels-bomb-lifted.xlsx', relsBomb, lifted, null),
    ]);
    expect([stylesOut, relsOut].map((o) => [o.code, o.what])).toEqual([
      ['FILE_LIMITS', 'inflated size of xl/styles.xml'],
      ['FILE_LIMITS', 'inflated size of xl/_rels/workbook.xml.rels'],
    ]);
    expect(stylesLifted).toMatchObject({ code: null, rows: 1, codes: {} });
    expect(relsLifted.code).toBe('FILE_LIMITS');
    expect(relsLifted.what).toMatch(/^characters kept from the workbook's package parts.*xl\/_rels\/workbook\.xml\.rels/);
  });

  it('billion laughs in the shared strings and an external entity (XXE) in a sheet → FILE_UNREADABLE, nothing expanded', async () => {
    const laughs = ['<!ENTITY a "ha">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`)].join('');
    const sst = text(`<!DOCTYPE sst [${laughs}]><sst ${MAIN}><si><t>&j;</t></si></sst>`);
    const lol = await probe('laughs.xlsx', writeZip(withSharedStrings(sheetOf(sharedRow(1, [0])), sst)), {}, null);
    expect(lol.code).toBe('FILE_UNREADABLE');
    const xxe = text(`<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet ${MAIN}><sheetData>${rowXml(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>`);
    expect((await probe('xxe.xlsx', writeZip(workbookParts(xxe)), {}, null)).code).toBe('FILE_UNREADABLE');
  });

  it('two zip entries named xl/worksheets/sheet1.xml → FILE_UNREADABLE (readers disagree on which wins)', async () => {
    const parts = workbookParts(sheetOf(`${rowXml(1, HEADER)}${rowXml(2, VALID)}`));
    const twin = { name: 'xl/worksheets/sheet1.xml', data: sheetOf(`${rowXml(1, HEADER)}${rowXml(2, ['399999999', ...VALID.slice(1)])}`) };
    expect((await probe('duplicate.xlsx', writeZip([...parts, twin]), {}, null)).code).toBe('FILE_UNREADABLE');
  });

  it('one 200 MB text node, 100,000 attributes on one element, a million cells in one row, more zip entries than allowed → FILE_LIMITS', { timeout: 180_000 }, async () => {
    const longText = await deflateRepeated(`${SHEET_HEAD('A1:F2')}${rowXml(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>`, 'xxxxxxxxxx', 20_000_000, `</t></is></c></row>${SHEET_TAIL}`);
    const attributes = sheetOf(`${rowXml(1, HEADER)}<row r="2" ${Array.from({ length: 100_000 }, (_, i) => `a${i}=""`).join(' ')}/>`);
    const cells = await deflateRepeated(`${SHEET_HEAD('A1:F2')}${rowXml(1, HEADER)}<row r="2">`, '<c/>', 1_000_000, `</row>${SHEET_TAIL}`);
    const entries = [...workbookParts(sheetOf(`${rowXml(1, HEADER)}${rowXml(2, VALID)}`)), ...Array.from({ length: 2_000 }, (_, i) => ({ name: `xl/media/m${i}.bin`, data: Buffer.alloc(0) }))];
    const outcomes = await Promise.all([
      probe('long-text.xlsx', writeZip([...workbookParts(longText), paddingPart(2_500_000)]), {}, null),
      probe('attributes.xlsx', writeZip(workbookParts(attributes)), {}, null),
      probe('cells.xlsx', writeZip(workbookParts(cells)), {}, null),
      // A zip holds at most 65,535 entries without zip64: the limit is lowered to show the check.
      probe('entries.xlsx', writeZip(entries), { PACKREG_MAX_PACKAGE_ITEMS: '1000' }, null),
    ]);
    expect(outcomes.map((o) => o.code)).toEqual(['FILE_LIMITS', 'FILE_LIMITS', 'FILE_LIMITS', 'FILE_LIMITS']);
  });
});
