/** Colour only on a terminal that wants it: Node's hasColors() honours NO_COLOR and FORCE_COLOR. */
export function wantsColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}
