import { PackregError } from '../domain/PackregError.js';
import { readZipEntry, type ZipEntry } from './readZipDirectory.js';

/** A worksheet as the workbook lists it (workbook order = the tab order the user sees). */
export interface SheetInfo {
  readonly name: string;
  /** Zip path of the sheet's XML, e.g. `xl/worksheets/sheet1.xml`; null for a chartsheet etc. */
  readonly path: string | null;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
}

export interface WorkbookInfo {
  readonly sheets: readonly SheetInfo[];
  readonly date1904: boolean;
}

const MAX_PART_BYTES = 16 * 1024 * 1024;

/**
 * Read `xl/workbook.xml` and its rels straight from the zip, before streaming: exceljs learns the
 * sheet names, states and the date system only when it meets those parts in the stream, which
 * may be after the sheets (and it only knows sheets stored as `xl/worksheets/sheetN.xml`).
 * Tolerates Strict OOXML (other namespaces, prefixed elements).
 */
export async function readWorkbookInfo(path: string, entries: readonly ZipEntry[]): Promise<WorkbookInfo> {
  const find = (name: string) => entries.find((e) => e.name === name || e.name === `/${name}`);
  const workbookEntry = find('xl/workbook.xml');
  if (!find('[Content_Types].xml') || !workbookEntry) {
    throw new PackregError('FILE_UNREADABLE', { detail: 'a zip archive that is not an Excel workbook' });
  }
  const workbookXml = (await readZipEntry(path, workbookEntry, MAX_PART_BYTES)).toString('utf8');
  const relsEntry = find('xl/_rels/workbook.xml.rels');
  const relsXml = relsEntry ? (await readZipEntry(path, relsEntry, MAX_PART_BYTES)).toString('utf8') : '';

  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = attribute(m[1]!, 'Id');
    const target = attribute(m[1]!, 'Target');
    if (id && target) targets.set(id, resolveTarget(target));
  }
  const sheets: SheetInfo[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const relId = attribute(attrs, 'id');
    const target = relId ? targets.get(relId) : undefined;
    const state = attribute(attrs, 'state');
    sheets.push({
      name: attribute(attrs, 'name') ?? '',
      path: target && /worksheets\//.test(target) ? target : null,
      state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
    });
  }
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbookXml);
  const date1904 = pr ? ['1', 'true'].includes(attribute(pr[1]!, 'date1904') ?? '') : false;
  return { sheets, date1904 };
}

/** An attribute's value, with or without a namespace prefix (`r:id`), XML entities decoded. */
function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:\\w+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attrs);
  if (!m) return undefined;
  return decodeXml(m[2] ?? m[3] ?? '');
}

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex, dec, named) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[named] ?? '';
  });
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
