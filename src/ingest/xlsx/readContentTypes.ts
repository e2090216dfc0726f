import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import { partKey, type ZipPackage } from './openZipPackage.js';
import { readPackagePart } from './parseXmlPart.js';

/** `[Content_Types].xml`: the content type of each part, by override or by extension. */
export interface ContentTypes {
  /** The part's content type, or undefined when neither an override nor its extension names one. */
  typeOf(partName: string): string | undefined;
  /** Every part named by an override with this content type. */
  partsOfType(test: (contentType: string) => boolean): string[];
}

const CONTENT_TYPES = '[Content_Types].xml';

/**
 * Read `[Content_Types].xml`. Every OPC package has one: a zip without it is not a workbook
 * (FILE_UNREADABLE), whatever else it holds.
 */
export async function readContentTypes(pkg: ZipPackage, limits: Limits): Promise<ContentTypes> {
  if (pkg.find(CONTENT_TYPES) === null) {
    throw new PackregError('FILE_UNREADABLE', { detail: { ja: 'Excel ブックではない zip ファイルです', en: 'a zip archive that is not an Excel workbook' } });
  }
  const overrides = new Map<string, { part: string; type: string }>();
  const defaults = new Map<string, string>();
  await readPackagePart(pkg, CONTENT_TYPES, limits, {
    open(name, attributes) {
      if (name !== 'Override' && name !== 'Default') return;
      if (overrides.size + defaults.size >= limits.maxPackageItems) {
        throw new PackregError('FILE_LIMITS', { what: { ja: `${CONTENT_TYPES} の項目数`, en: `entries in ${CONTENT_TYPES}` }, limit: limits.maxPackageItems });
      }
      const type = attributes.ContentType ?? '';
      if (name === 'Override' && attributes.PartName) {
        pkg.keep(CONTENT_TYPES, attributes.PartName, attributes.PartName, type);
        overrides.set(partKey(attributes.PartName), { part: attributes.PartName.replace(/^\/+/, ''), type });
      }
      if (name === 'Default' && attributes.Extension) {
        pkg.keep(CONTENT_TYPES, attributes.Extension, type);
        defaults.set(attributes.Extension.toLowerCase(), type);
      }
    },
    close() {},
  });
  return {
    typeOf(partName) {
      const override = overrides.get(partKey(partName));
      if (override) return override.type;
      const dot = partName.lastIndexOf('.');
      return dot < 0 ? undefined : defaults.get(partName.slice(dot + 1).toLowerCase());
    },
    partsOfType(test) {
      return [...overrides.values()].filter((o) => test(o.type)).map((o) => o.part);
    },
  };
}
