// Free text keeps full-width characters (SPEC §3), so digits are matched by Unicode category:
// ASCII and full-width digits (Nd), circled ① (No), Roman Ⅱ (Nl).
const DIGIT = /[\p{Nd}\p{No}\p{Nl}]/u;
// Japanese addresses also write numbers in kanji: 「一丁目2番3号」「百二十番地」. 番 only counts when it
// does not start a town name: 「千代田区一番町」 and 「仙台市青葉区一番丁」 name a town, not a number.
const KANJI_NUMBER = /[〇一二三四五六七八九十百千壱弐参拾]+(?:丁目|番地|番(?![町丁])|号)/u;

/**
 * Does an address carry a street number (番地)? The portal asks for the address "down to street
 * number and building" because engineers go there for on-site repair; pass 1 warns
 * (`ADDRESS_NO_NUMBER`) when it has none. 「東京都港区芝」 has none; 「芝5-7-1」, 「芝５丁目」,
 * 「芝一丁目2番3号」 have one.
 */
export function hasStreetNumber(address: string): boolean {
  return DIGIT.test(address) || KANJI_NUMBER.test(address);
}
