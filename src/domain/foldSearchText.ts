/**
 * Text folded for the support-ID search (SPEC §7 `contracts search`, the portal's STEP 1): the
 * same function folds the stored search column (written by `loadReference`) and every query, so
 * "matches" means "substring of the folded texts".
 *
 * - Unicode NFKC: full-width ASCII and digits become half-width, half-width katakana full-width
 *   (ｶﾌﾞｼｷ → カブシキ), ㈱ becomes `(株)`, ① becomes `1`.
 * - Case folding (`toLowerCase`, which covers the full-width Latin letters NFKC has already
 *   narrowed).
 * - Katakana folded to hiragana (サンプル and さんぷる match); ヴ and the small forms too.
 * - The company-form abbreviations NFKC leaves as `(株)`, `(有)`, `(同)`, `(資)`, `(名)` are
 *   spelled out (株式会社, 有限会社, 合同会社, 合資会社, 合名会社), so ㈱サンプル, (株)サンプル and
 *   株式会社サンプル are one text; a query `株式会社` finds ㈱ names, and `㈱` finds 株式会社 ones.
 * - White space of every kind is removed (`髙橋 商事` and `髙橋商事` match); NFKC already made
 *   U+3000 an ASCII space.
 *
 * 髙 and 高 stay different: they are different characters (NFKC does not relate them), and a
 * customer's name is written the way the customer writes it (SPEC §3 keeps ① ㈱ 髙 as written).
 */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/\((株|有|同|資|名)\)/g, (_, form: string) => COMPANY_FORMS[form] ?? form)
    .replace(/\s+/g, '');
}

const COMPANY_FORMS: Readonly<Record<string, string>> = {
  株: '株式会社',
  有: '有限会社',
  同: '合同会社',
  資: '合資会社',
  名: '合名会社',
};

/** The stored search text of a contract: its support ID, customer name and system name. */
export function contractSearchText(contract: { support_id: unknown; customer_name: unknown; system_name: unknown }): string {
  // A separator no folded query can contain (white space is removed from queries), so a query
  // never matches across the end of one field and the start of the next.
  return [contract.support_id, contract.customer_name, contract.system_name].map((v) => foldSearchText(String(v ?? ''))).join(' ');
}
