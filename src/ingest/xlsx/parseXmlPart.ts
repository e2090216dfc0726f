import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import type { Limits } from '../../config.js';
import { PackregError } from '../../domain/PackregError.js';
import type { Localized } from '../../domain/paramText.js';
import type { ZipPackage } from './openZipPackage.js';

/** What a part's reader does with its XML: element names are local names (no prefix). */
export interface XmlHandlers {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data, in pieces (a text node, a CDATA section). */
  text?(text: string): void;
}

/**
 * Stream one XML part of the package through saxes, calling `handlers`; yields after each chunk
 * so a caller can hand on what the chunk produced before the next one is inflated (back
 * pressure: nothing is read ahead).
 *
 * Namespace-agnostic: elements are matched by local name, so `<x:row>`, `<ns0:row>` and Strict
 * OOXML's namespaces read the same as the default namespace (saxes runs without namespace
 * processing, which also saves a lookup per element).
 *
 * Guards, checked while streaming (SPEC §6), each → FILE_LIMITS naming what was exceeded:
 * `maxXmlDepth` elements open at once (saxes keeps a stack of them); `maxXmlTokenChars` in one
 * tag or one run of text between tags (saxes buffers each whole, so this bounds its buffers
 * whatever the part's size); `maxXmlAttributes` on one element. A DTD is refused
 * (FILE_UNREADABLE): OPC forbids them in a package, and saxes never expands any entity but the
 * five predefined ones and character references, so neither XXE nor "billion laughs" can work;
 * an undefined entity is a well-formedness error. Bad XML or bad UTF-8/16 → FILE_UNREADABLE.
 * `maxBytes`: the most the part may inflate to (ZipPackage.read), beside the workbook's total.
 */
export async function* parseXmlPart(pkg: ZipPackage, partName: string, limits: Limits, handlers: XmlHandlers, maxBytes?: number): AsyncGenerator<void> {
  const parser = new SaxesParser({ position: false });
  const unreadable = (detail: string) => new PackregError('FILE_UNREADABLE', {
    detail: { ja: `ブックが壊れています(${partName})`, en: `a damaged workbook (${partName}: ${detail})`.slice(0, 300) },
  });
  const over = (what: Localized, limit: number) =>
    new PackregError('FILE_LIMITS', { what: { ja: `${partName} の${what.ja}`, en: `${what.en} in ${partName}` }, limit });
  let depth = 0;
  // Attributes are counted only in a chunk that holds a tag long enough to carry too many (the
  // scanner below knows): a handler per attribute would cost a call per attribute everywhere.
  // saxes has built them by then; the token limit is what bounds that memory.
  let countAttributes = false;
  parser.on('error', (error) => {
    throw unreadable(error.message);
  });
  parser.on('doctype', () => {
    throw unreadable('a DTD, which a workbook may not have');
  });
  parser.on('opentag', (tag) => {
    if (++depth > limits.maxXmlDepth) throw over({ ja: 'XML の入れ子の深さ', en: 'XML nesting depth' }, limits.maxXmlDepth);
    if (countAttributes && Object.keys(tag.attributes).length > limits.maxXmlAttributes) {
      throw over({ ja: '1 つの XML 要素の属性の数', en: 'attributes on one XML element' }, limits.maxXmlAttributes);
    }
    handlers.open(localName(tag.name), tag.attributes as Record<string, string>);
  });
  parser.on('closetag', (tag) => {
    depth -= 1;
    handlers.close(localName(tag.name));
  });
  if (handlers.text) {
    const text = handlers.text.bind(handlers);
    parser.on('text', text);
    parser.on('cdata', text);
  }

  // An attribute takes at least 4 characters (` a=""`): a shorter tag cannot carry too many.
  const scan = tokenScanner(limits.maxXmlTokenChars, limits.maxXmlAttributes * 4, over);
  let decoder: TextDecoder | undefined;
  try {
    for await (const chunk of pkg.read(partName, maxBytes)) {
      decoder ??= new TextDecoder(sniffEncoding(chunk), { fatal: true });
      const text = decoder.decode(chunk, { stream: true });
      countAttributes = scan(text);
      parser.write(text);
      yield;
    }
    const rest = decoder?.decode() ?? '';
    countAttributes = scan(rest);
    parser.write(rest);
    parser.close();
  } catch (error) {
    if (error instanceof PackregError) throw error;
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') throw unreadable('invalid text encoding');
    throw unreadable(error instanceof Error ? error.message : 'bad XML');
  }
}

/** Read a part through to its end. */
export async function readXmlPart(pkg: ZipPackage, partName: string, limits: Limits, handlers: XmlHandlers, maxBytes?: number): Promise<void> {
  for await (const _ of parseXmlPart(pkg, partName, limits, handlers, maxBytes)) void _;
}

/**
 * Read a package part — `[Content_Types].xml`, relationships, the workbook, styles: small parts
 * read whole before any row — under the per-part limit `maxPackagePartBytes` (a worksheet or the
 * shared strings may be far larger, and are bounded by the workbook's total and their own limits).
 */
export function readPackagePart(pkg: ZipPackage, partName: string, limits: Limits, handlers: XmlHandlers): Promise<void> {
  return readXmlPart(pkg, partName, limits, handlers, limits.maxPackagePartBytes);
}

/** `x:row` → `row`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** An attribute by local name (`r:id`, `ns1:id` → `id`), for the few attributes that carry a prefix. */
export function attributeByLocalName(attributes: Readonly<Record<string, string>>, name: string): string | undefined {
  if (attributes[name] !== undefined) return attributes[name];
  for (const key in attributes) if (localName(key) === name) return attributes[key];
  return undefined;
}

/** XML parts are UTF-8 unless a byte-order mark says UTF-16 (OPC allows both). */
function sniffEncoding(first: Buffer): string {
  if (first[0] === 0xff && first[1] === 0xfe) return 'utf-16le';
  if (first[0] === 0xfe && first[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Measures the longest tag (`<` to `>`) and the longest text run (`>` to `<`) across chunks,
 * before saxes buffers them. A `>` inside an attribute value ends the measured tag early, and
 * the rest of the value is then measured as text: either way no run passes the limit unseen.
 * Returns whether the chunk holds (or ends in) a tag longer than `longTag`.
 */
function tokenScanner(max: number, longTag: number, over: (what: Localized, limit: number) => PackregError): (text: string) => boolean {
  let inTag = false;
  let run = 0;
  return (text) => {
    let long = false;
    let at = 0;
    while (at < text.length) {
      const next = text.indexOf(inTag ? '>' : '<', at);
      run += (next < 0 ? text.length : next) - at;
      if (run > max) throw over(inTag ? { ja: '1 つの XML タグの文字数', en: 'characters in one XML tag' } : { ja: 'XML タグの間の文字数', en: 'characters of text between two XML tags' }, max);
      if (inTag && run > longTag) long = true;
      if (next < 0) break;
      inTag = !inTag;
      run = 0;
      at = next + 1;
    }
    return long;
  };
}
