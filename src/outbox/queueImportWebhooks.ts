import type { Knex } from 'knex';

/**
 * The webhook side of the transactional outbox (issue 20 item 5): the owner of
 * `webhook_deliveries` inserts. Called in the transaction that finishes or fails the imports, so
 * a delivery exists exactly when the import's final status does. One delivery per import and
 * event (`import.finished` / `import.failed` / `import.cancelled`), and only for a reseller that has a webhook set —
 * the import's own reseller: a reseller's import never notifies another. The payload is built
 * from the batch row itself (status, counts, error code), never from memory. Returns how many
 * were queued.
 */
export async function queueImportWebhooks(trx: Knex.Transaction, importIds: readonly string[]): Promise<number> {
  if (importIds.length === 0) return 0;
  const result = await trx.raw(
    `insert into webhook_deliveries (reseller_code, import_id, event, payload)
     select b.reseller_code, b.id, 'import.' || b.status,
            jsonb_build_object(
              'event', 'import.' || b.status,
              'importId', b.id,
              'status', b.status,
              'fileName', b.file_name,
              'source', b.source,
              'dryRun', coalesce((b.options->>'dryRun')::boolean, false),
              'finishedAt', b.finished_at,
              'summary', jsonb_build_object(
                'rows', b.count_rows, 'registered', b.count_registered, 'pending_review', b.count_pending_review,
                'already_registered', b.count_already_registered, 'rejected', b.count_rejected, 'held', b.count_held,
                'valid', b.count_valid, 'applications', b.count_applications),
              'error', case when b.error_code is null then null else jsonb_build_object('code', b.error_code) end,
              'links', jsonb_build_object(
                'status', '/v1/imports/' || b.id,
                'report', '/v1/imports/' || b.id || '/report.json'))
       from import_batches b
       join reseller_webhooks w on w.reseller_code = b.reseller_code
      where b.id = any(cast(:ids as uuid[])) and b.status in ('finished', 'failed', 'cancelled')
     on conflict (import_id, event) do nothing
     returning id`,
    { ids: `{${importIds.join(',')}}` },
  );
  return (result.rows as unknown[]).length;
}
