import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import { unescapeOoxml } from '../xlsxCellText.js';
import type { ZipPackage } from './openZipPackage.js';
import { readXmlPart } from './parseXmlPart.js';
import { SharedStrings } from './SharedStrings.js';

/**
 * Read the shared-string table (`<sst>`) into a compact store, before any sheet, wherever the zip
 * stores it. Each `<si>` is the text of its `<t>` elements joined — a plain string, or the runs of
 * rich text (`<r><t>…</t></r>`) — leaving out phonetic runs (`<rPh>`, the furigana Japanese Excel
 * adds to typed kanji: カンジ is a reading, not the value), with Excel's `_xHHHH_` escapes decoded.
 */
export async function readSharedStrings(pkg: ZipPackage, partName: string | null, limits: Limits): Promise<SharedStrings> {
  const strings = new SharedStrings(limits);
  if (partName === null) return strings;
  // Runs of one item are joined in a string capped well above Excel's 32,767 characters.
  const maxItemChars = limits.maxXmlTokenChars;
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  let text = '';
  await readXmlPart(pkg, partName, limits, {
    open(name) {
      if (name === 't') inText = inItem && phonetic === 0;
      else if (name === 'si') [inItem, text, phonetic] = [true, '', 0];
      else if (name === 'rPh') phonetic += 1;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') {
        strings.add(unescapeOoxml(text));
        [inItem, text] = [false, ''];
      }
    },
    text(chunk) {
      if (!inText) return;
      text += chunk;
      if (text.length > maxItemChars) throw new PackregError('FILE_LIMITS', { what: { ja: `${partName} の 1 つの共有文字列の文字数`, en: `characters of one shared string in ${partName}` }, limit: maxItemChars });
    },
  });
  return strings;
}
