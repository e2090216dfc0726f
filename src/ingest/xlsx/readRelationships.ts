import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import type { ZipPackage } from './openZipPackage.js';
import { readPackagePart } from './parseXmlPart.js';

/** One internal relationship of a part: its type and the part it points at (a package path without a leading `/`). */
export interface Relationship {
  readonly id: string;
  /** The type URI: transitional (`http://schemas.openxmlformats.org/…/relationships/worksheet`) or Strict (`http://purl.oclc.org/ooxml/…`). */
  readonly type: string;
  readonly target: string;
}

/**
 * The relationships of `sourcePart` ('' for the package itself), read from its `_rels/*.rels`
 * part when there is one. External targets (hyperlinks, linked files) are left out: a workbook's
 * own parts are internal. Targets are resolved against the source part's folder (OPC: relative
 * URIs; `..` allowed; `/…` from the package root) and percent-decoded.
 */
export async function readRelationships(pkg: ZipPackage, sourcePart: string, limits: Limits): Promise<Relationship[]> {
  const relsPart = relationshipsPartOf(sourcePart);
  if (pkg.find(relsPart) === null) return [];
  const found: Relationship[] = [];
  await readPackagePart(pkg, relsPart, limits, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External' || !attributes.Target) return;
      if (found.length >= limits.maxPackageItems) {
        throw new PackregError('FILE_LIMITS', { what: { ja: `${relsPart} の関連の数`, en: `relationships in ${relsPart}` }, limit: limits.maxPackageItems });
      }
      const relationship = { id: attributes.Id ?? '', type: attributes.Type ?? '', target: resolvePartName(sourcePart, attributes.Target) };
      pkg.keep(relsPart, relationship.id, relationship.type, relationship.target);
      found.push(relationship);
    },
    close() {},
  });
  return found;
}

/** Whether a relationship type URI names `kind` (its last segment), transitional or Strict alike. */
export function isRelationshipType(type: string, kind: string): boolean {
  return type.endsWith(`/${kind}`);
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package's own → `_rels/.rels`. */
function relationshipsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolve a relationship target against the folder of the part that holds it. */
export function resolvePartName(sourcePart: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // not percent-encoded after all: as written
  }
  decoded = decoded.replace(/\\/g, '/').replace(/[?#].*$/, '');
  const parts = decoded.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}
