import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync, createDeflateRaw } from 'node:zlib';

/** One zip entry: its bytes (stored deflated), or an already deflated body with its real size and CRC. */
export interface ZipPart {
  readonly name: string;
  readonly data?: Buffer;
  readonly deflated?: { body: Buffer; size: number; crc: number };
  /** Declare this uncompressed size instead of the real one (a lying zip bomb). */
  readonly declaredSize?: number;
  /** Store `data` as it is (method 0) instead of deflating it. */
  readonly stored?: boolean;
}

/** A plain zip (deflate, no data descriptors, no zip64), written by hand so a test controls every field. */
export function writeZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const body = part.deflated?.body ?? (part.stored ? part.data! : deflateRawSync(part.data ?? Buffer.alloc(0)));
    const method = part.stored ? 0 : 8;
    const size = part.declaredSize ?? part.deflated?.size ?? part.data?.length ?? 0;
    const crc = part.deflated?.crc ?? crc32(part.data ?? Buffer.alloc(0));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Deflate `count` copies of `chunk` without holding them all (a bomb body of count × chunk bytes). */
export async function deflateRepeated(head: string, chunk: string, count: number, tail: string): Promise<{ body: Buffer; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (text: string) => {
    const bytes = Buffer.from(text);
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(head);
  const bytes = chunk.repeat(Math.max(1, Math.floor(1_048_576 / chunk.length)));
  const per = Math.floor(1_048_576 / chunk.length);
  for (let i = 0; i < count; i += per) await write(i + per <= count ? bytes : chunk.repeat(count - i));
  await write(tail);
  deflate.end();
  await done;
  return { body: Buffer.concat(out), size, crc };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Column letters of a 1-based column number (1 → A, 16384 → XFD). */
export function columnName(n: number): string {
  let name = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

/** A `<c>` cell: a number, or an inline string. */
export function cellXml(ref: string, value: string | number): string {
  return typeof value === 'number' ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(value)}</t></is></c>`;
}

export function rowXml(row: number, cells: ReadonlyArray<string | number>, firstColumn = 1): string {
  return `<row r="${row}">${cells.map((v, i) => cellXml(`${columnName(firstColumn + i)}${row}`, v)).join('')}</row>`;
}

const SHEET_HEAD = (dimension: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="${dimension}"/><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';

/** The parts of a one-sheet workbook around `sheet` (the worksheet part as given). */
export function workbookParts(sheet: ZipPart['deflated'] | Buffer): ZipPart[] {
  const text = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
  return [
    { name: '[Content_Types].xml', data: text('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
    { name: '_rels/.rels', data: text('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: 'xl/workbook.xml', data: text('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="申込" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: text('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
    Buffer.isBuffer(sheet) ? { name: 'xl/worksheets/sheet1.xml', data: sheet } : { name: 'xl/worksheets/sheet1.xml', deflated: sheet! },
  ];
}

/** A workbook whose one sheet holds `rows` (XML of `<row>` elements) under `dimension`. */
export function sheetWorkbook(rows: string, dimension = 'A1:E3'): Buffer {
  return writeZip(workbookParts(Buffer.from(`${SHEET_HEAD(dimension)}${rows}${SHEET_TAIL}`)));
}

export { SHEET_HEAD, SHEET_TAIL };

/** Deflate `head`, then `item(i)` for i < count, then `tail`, streaming (a part far larger than the test's memory). */
export async function deflateGenerated(head: string, count: number, item: (i: number) => string, tail: string): Promise<{ body: Buffer; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (text: string) => {
    const bytes = Buffer.from(text);
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(head);
  let batch = '';
  for (let i = 0; i < count; i += 1) {
    batch += item(i);
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch + tail);
  deflate.end();
  await done;
  return { body: Buffer.concat(out), size, crc };
}

/** Random bytes stored uncompressed (an image, say): they raise the file size, and with it the inflation allowance. */
export function paddingPart(bytes: number): ZipPart {
  return { name: 'xl/media/image1.png', data: randomBytes(bytes), stored: true };
}
