/**
 * Is `productModel` covered by a pack whose eligible list is `patterns`? A pattern is an exact
 * model or, with a trailing `*`, a prefix (SPEC §2).
 */
export function isEligibleProduct(patterns: readonly string[], productModel: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? productModel.startsWith(p.slice(0, -1)) : p === productModel));
}
