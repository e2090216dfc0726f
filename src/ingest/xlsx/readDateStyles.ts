import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import { isDateFormat } from './isDateFormat.js';
import type { ZipPackage } from './openZipPackage.js';
import { readPackagePart } from './parseXmlPart.js';

/**
 * Which cell formats (the `s` index of a cell: `<cellXfs>` in the styles part) show dates, one
 * byte each. Only `<cellXfs>` counts: `<cellStyleXfs>` and `<dxfs>` have `<xf>`/`<numFmt>` of
 * their own that cells do not point at. Without a styles part no cell is a date.
 *
 * A `<numFmt>`'s code is tested as it is read and only the answer kept (a code may be as long as
 * an XML token: 900 of them would be 900 MB), so each code is tested once, however many cell
 * formats use it.
 */
export async function readDateStyles(pkg: ZipPackage, partName: string | null, limits: Limits): Promise<Uint8Array> {
  if (partName === null) return new Uint8Array(0);
  const tooMany = (what: { ja: string; en: string }) =>
    new PackregError('FILE_LIMITS', { what: { ja: `${partName} の${what.ja}`, en: `${what.en} in ${partName}` }, limit: limits.maxPackageItems });
  /** Whether each number format defined here shows a date, by id. */
  const formats = new Map<number, boolean>();
  const xfFormats: number[] = [];
  let section = '';
  await readPackagePart(pkg, partName, limits, {
    open(name, attributes) {
      if (name === 'numFmts' || name === 'cellXfs' || name === 'cellStyleXfs' || name === 'dxfs') section = name;
      else if (name === 'numFmt' && section === 'numFmts') {
        if (formats.size >= limits.maxPackageItems) throw tooMany({ ja: '表示形式の数', en: 'number formats' });
        const id = Number(attributes.numFmtId);
        formats.set(id, isDateFormat(id, attributes.formatCode ?? ''));
      } else if (name === 'xf' && section === 'cellXfs') {
        if (xfFormats.length >= limits.maxPackageItems) throw tooMany({ ja: 'セルの書式の数', en: 'cell formats' });
        xfFormats.push(Number(attributes.numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === section) section = '';
    },
  });
  return Uint8Array.from(xfFormats, (id) => ((formats.get(id) ?? isDateFormat(id, undefined)) ? 1 : 0));
}
