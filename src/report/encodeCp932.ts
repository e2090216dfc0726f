import iconv from 'iconv-lite';

/**
 * Characters that JIS-minded text uses but Microsoft's CP932 spells with another code point
 * (the "wave dash problem"); iconv-lite would write "?" for the left-hand ones. We write what
 * Japanese Excel itself writes, so 〜 in a remark survives a CP932 report as ～.
 */
const MS_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['\u301C', '\uFF5E'], // 〜 WAVE DASH → ～
  ['\u2212', '\uFF0D'], // − MINUS SIGN → －
  ['\u2016', '\u2225'], // ‖ → ∥
  ['\u2014', '\u2015'], // — EM DASH → ―
  ['\u00A2', '\uFFE0'], // ¢ → ￠
  ['\u00A3', '\uFFE1'], // £ → ￡
  ['\u00AC', '\uFFE2'], // ¬ → ￢
]);
const VARIANT_CHARS = new RegExp(`[${[...MS_VARIANTS.keys()].join('')}]`, 'g');

/**
 * Text → CP932 bytes for older Excel (`--report-encoding cp932`). ①, ㈱ and 髙 are in CP932 (NEC
 * and IBM extensions) and survive; characters outside it (emoji, most non-Japanese scripts) become
 * "?" — the UTF-8 report (the default) has no such loss.
 */
export function encodeCp932(text: string): Buffer {
  return iconv.encode(text.replace(VARIANT_CHARS, (c) => MS_VARIANTS.get(c) ?? c), 'cp932');
}
