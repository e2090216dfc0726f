import type { Limits } from '../../../src/config.js';

/** The SPEC §6 defaults. */
export const LIMITS: Limits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 200,
  maxCellChars: 2_000,
  maxInflateRatio: 100,
  maxInflateBytes: 1024 * 1024 * 1024,
  maxXmlDepth: 64,
  maxXmlTokenChars: 1024 * 1024,
  maxXmlAttributes: 256,
  maxPackageItems: 65_536,
  maxPackageTextChars: 4_096 * 1024,
  maxPackagePartBytes: 64 * 1024 * 1024,
  maxSharedStringBytes: 64 * 1024 * 1024,
  maxCellsPerRow: 16_384,
};
