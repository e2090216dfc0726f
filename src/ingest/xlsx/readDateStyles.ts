import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import { isDateFormat } from './isDateFormat.js';
import type { ZipPackage } from './openZipPackage.js';
import { readXmlPart } from './parseXmlPart.js';

/**
 * Which cell formats (the `s` index of a cell: `<cellXfs>` in the styles part) show dates, one
 * byte each. Only `<cellXfs>` counts: `<cellStyleXfs>` and `<dxfs>` have `<xf>`/`<numFmt>` of
 * their own that cells do not point at. Without a styles part no cell is a date.
 */
export async function readDateStyles(pkg: ZipPackage, partName: string | null, limits: Limits): Promise<Uint8Array> {
  if (partName === null) return new Uint8Array(0);
  const tooMany = (what: { ja: string; en: string }) =>
    new PackregError('FILE_LIMITS', { what: { ja: `${partName} の${what.ja}`, en: `${what.en} in ${partName}` }, limit: limits.maxPackageItems });
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  let section = '';
  await readXmlPart(pkg, partName, limits, {
    open(name, attributes) {
      if (name === 'numFmts' || name === 'cellXfs' || name === 'cellStyleXfs' || name === 'dxfs') section = name;
      else if (name === 'numFmt' && section === 'numFmts') {
        if (formats.size >= limits.maxPackageItems) throw tooMany({ ja: '表示形式の数', en: 'number formats' });
        formats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      } else if (name === 'xf' && section === 'cellXfs') {
        if (xfFormats.length >= limits.maxPackageItems) throw tooMany({ ja: 'セルの書式の数', en: 'cell formats' });
        xfFormats.push(Number(attributes.numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === section) section = '';
    },
  });
  return Uint8Array.from(xfFormats, (id) => (isDateFormat(id, formats.get(id)) ? 1 : 0));
}
