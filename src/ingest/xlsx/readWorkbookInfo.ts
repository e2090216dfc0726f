import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import type { ZipPackage } from './openZipPackage.js';
import { attributeByLocalName, readPackagePart } from './parseXmlPart.js';
import { readContentTypes, type ContentTypes } from './readContentTypes.js';
import { isRelationshipType, readRelationships, type Relationship } from './readRelationships.js';

/** A worksheet as the workbook lists it (workbook order = the tab order the user sees). */
export interface SheetInfo {
  readonly name: string;
  /** Package path of the sheet's XML, e.g. `xl/worksheets/sheet1.xml`; null for a chartsheet etc. */
  readonly path: string | null;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
}

export interface WorkbookInfo {
  readonly sheets: readonly SheetInfo[];
  readonly date1904: boolean;
  readonly sharedStringsPart: string | null;
  readonly stylesPart: string | null;
}

const notAWorkbook = (detail = 'a zip archive that is not an Excel workbook') => new PackregError('FILE_UNREADABLE', { detail });

/**
 * Find the workbook's parts the way OPC says, wherever the zip stores them and whatever they are
 * called: `[Content_Types].xml`, then the package relationships (`_rels/.rels`) to the main
 * part (`officeDocument`), then that part's relationships to its sheets, shared strings and
 * styles. Transitional and Strict OOXML alike (relationship types are matched by their last
 * segment, elements by local name). A package whose relationships are missing falls back on the
 * content types, then on Excel's usual names. A zip with no workbook part, or whose main part is
 * another kind of document (a Word file, a binary .xlsb) → FILE_UNREADABLE.
 */
export async function readWorkbookInfo(pkg: ZipPackage, limits: Limits): Promise<WorkbookInfo> {
  const contentTypes = await readContentTypes(pkg, limits);
  const workbookPart = findWorkbookPart(pkg, contentTypes, await readRelationships(pkg, '', limits));
  const type = contentTypes.typeOf(workbookPart);
  if (type !== undefined && type !== 'application/xml' && !/(spreadsheetml|ms-excel)\.[\w.]*main\+xml$/.test(type)) {
    throw notAWorkbook(/binary/.test(type) ? 'a binary workbook (.xlsb); save it as .xlsx' : undefined);
  }
  const rels = await readRelationships(pkg, workbookPart, limits);
  const byId = new Map(rels.map((r) => [r.id, r]));

  const sheets: SheetInfo[] = [];
  let date1904 = false;
  let root: string | null = null;
  let inSheets = false;
  // Only the root's own children count: an extension (`<extLst>`) may hold elements of the same
  // local name (Excel writes an `x15:workbookPr` there, without date1904).
  let depth = 0;
  await readPackagePart(pkg, workbookPart, limits, {
    open(name, attributes) {
      depth += 1;
      root ??= name;
      if (depth === 2 && name === 'sheets') inSheets = true;
      else if (depth === 2 && name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.date1904 ?? '');
      else if (depth === 3 && name === 'sheet' && inSheets) {
        if (sheets.length >= limits.maxPackageItems) throw new PackregError('FILE_LIMITS', { what: { ja: `${workbookPart} のシート数`, en: `sheets in ${workbookPart}` }, limit: limits.maxPackageItems });
        const rel = byId.get(attributeByLocalName(attributes, 'id') ?? '');
        const state = attributes.state;
        const sheetName = attributes.name ?? '';
        pkg.keep(workbookPart, sheetName);
        sheets.push({
          name: sheetName,
          path: rel && isWorksheet(rel, contentTypes) ? rel.target : null,
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
        });
      }
    },
    close() {
      if (--depth === 1) inSheets = false;
    },
  });
  if (root !== 'workbook') throw notAWorkbook();
  return {
    sheets,
    date1904,
    sharedStringsPart: findPart(pkg, rels, 'sharedStrings', contentTypes, 'sharedStrings+xml', 'xl/sharedStrings.xml'),
    stylesPart: findPart(pkg, rels, 'styles', contentTypes, 'styles+xml', 'xl/styles.xml'),
  };
}

function findWorkbookPart(pkg: ZipPackage, contentTypes: ContentTypes, packageRels: readonly Relationship[]): string {
  const candidates = [
    ...packageRels.filter((r) => isRelationshipType(r.type, 'officeDocument')).map((r) => r.target),
    ...contentTypes.partsOfType((t) => /(spreadsheetml|ms-excel)\.[\w.]*main\+xml$/.test(t)),
    'xl/workbook.xml',
  ];
  const found = candidates.find((part) => pkg.find(part) !== null);
  if (found === undefined) throw notAWorkbook();
  return found;
}

function isWorksheet(rel: Relationship, contentTypes: ContentTypes): boolean {
  return isRelationshipType(rel.type, 'worksheet') || (contentTypes.typeOf(rel.target)?.endsWith('.worksheet+xml') ?? false);
}

/** A part of the workbook by relationship, else by content type, else by Excel's usual name; null when there is none. */
function findPart(pkg: ZipPackage, rels: readonly Relationship[], kind: string, contentTypes: ContentTypes, typeSuffix: string, usual: string): string | null {
  const candidates = [
    ...rels.filter((r) => isRelationshipType(r.type, kind)).map((r) => r.target),
    ...contentTypes.partsOfType((t) => t.endsWith(typeSuffix)),
    usual,
  ];
  return candidates.find((part) => pkg.find(part) !== null) ?? null;
}
