import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { isPackregError } from '../../../src/domain/PackregError.js';
import { openIngest } from '../../../src/ingest/openIngest.js';
import type { IngestedRow, IngestOptions, FileFacts } from '../../../src/ingest/types.js';

import { LIMITS } from './ingestLimits.js';

export { LIMITS };

/** ../shared/corpus beside the checkout (CI has it; a user's clone does not); PACKREG_TEST_CORPUS to point elsewhere. */
export const CORPUS = process.env.PACKREG_TEST_CORPUS ?? path.resolve(import.meta.dirname, '../../../../shared/corpus');

/** A temp dir for this test file, removed after it. */
export function tempDir(): (name: string, content?: string | Buffer) => string {
  const dir = mkdtempSync(path.join(tmpdir(), 'packreg-ingest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const file = path.join(dir, name);
    if (content !== undefined) writeFileSync(file, content);
    return file;
  };
}

export interface IngestOutcome {
  readonly facts?: FileFacts;
  readonly rows: IngestedRow[];
  /** The file-level error code, when there was one. */
  readonly code?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Run the whole ingest; a PackregError becomes `code`, anything else is rethrown (a crash). */
export async function ingest(file: string, options: Partial<IngestOptions> = {}): Promise<IngestOutcome> {
  const rows: IngestedRow[] = [];
  let facts: FileFacts | undefined;
  try {
    const result = await openIngest(file, { limits: LIMITS, ...options });
    facts = result.facts;
    for await (const chunk of result.rows) rows.push(...chunk);
    return { facts, rows };
  } catch (error) {
    if (isPackregError(error)) return { facts, rows, code: error.code, params: error.params };
    throw error;
  }
}

export const HEADER_JA = 'サポートID,型番,製品シリアルNo.,対象製品型番,サービス開始日';
export const HEADER_EN = 'support id,pack model,pack serial,product model,service start';
