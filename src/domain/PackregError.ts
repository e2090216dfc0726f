import { fileErrorMessage, type FileErrorCode } from './fileErrors.js';
import type { Lang } from './lang.js';

/**
 * A run that cannot go on: a file-level error, a lost or locked database, a usage error.
 * Row problems are never exceptions (they are findings, see `Finding`).
 */
export class PackregError extends Error {
  readonly code: FileErrorCode;
  readonly params: Readonly<Record<string, unknown>>;

  constructor(code: FileErrorCode, params: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(fileErrorMessage(code, params, 'en'), options);
    this.name = 'PackregError';
    this.code = code;
    this.params = params;
  }

  /** The message in the user's language, rendered from the catalog. */
  messageIn(lang: Lang): string {
    return fileErrorMessage(this.code, this.params, lang);
  }
}

export function isPackregError(error: unknown): error is PackregError {
  return error instanceof PackregError;
}
