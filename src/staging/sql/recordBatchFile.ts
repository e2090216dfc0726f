import type { Knex } from 'knex';
import type { FileFacts } from '../../ingest/types.js';

/** What was learnt about a running batch's file: its sha256 first, then what ingest found. */
export async function recordBatchFile(db: Knex, importId: string, file: { sha256: string } | { facts: FileFacts }): Promise<void> {
  await db('import_batches').where({ id: importId })
    .update('sha256' in file ? { sha256: file.sha256 } : { file_facts: JSON.stringify(file.facts) });
}
