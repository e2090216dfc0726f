/** A byte limit in MB as the FILE_TOO_LARGE message shows it (two significant digits). */
export function limitMb(bytes: number): number {
  return Number((bytes / 1024 / 1024).toPrecision(2));
}
