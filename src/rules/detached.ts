/**
 * A copy of `text` that keeps nothing else alive. A substring can be a view into the string it
 * was cut from (V8 slices strings of 13 or more characters), so a value kept for the whole import
 * could keep a whole chunk of a sheet's XML with it; a concatenation, sliced, is a copy of the
 * text alone (200 slices of 1 MB strings kept: 204 MB of heap, detached: 5 MB).
 */
export function detached(text: string): string {
  return `\u0000${text}`.slice(1);
}
