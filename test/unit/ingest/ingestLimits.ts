import type { Limits } from '../../../src/config.js';

/** The SPEC §6 defaults. */
export const LIMITS: Limits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 200,
  maxCellChars: 2_000,
  maxInflateRatio: 100,
  maxInflateBytes: 1024 * 1024 * 1024,
};
