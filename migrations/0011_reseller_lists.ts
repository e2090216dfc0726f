import type { Knex } from 'knex';
import { pgTextArray } from '../src/db/pgTextArray.js';
import { contractSearchText } from '../src/domain/foldSearchText.js';

/**
 * The reseller's own lists (issue 20 items 1–3, SPEC §7): support-ID search, applications and
 * imports, each keyset-paginated within one reseller, answering in ≤ 100 ms beside a million
 * registrations (BENCHMARKS.md "Reseller lists").
 *
 * - `contracts.search_text`: support ID, customer and system name folded by `foldSearchText`
 *   (NFKC, case, width, katakana → hiragana, ㈱ → 株式会社, no white space). Written by
 *   `loadReference`, the owner of the reference tables; filled here for the rows already loaded.
 * - `contracts_reseller_search_idx`: a search reads one reseller's contracts in support-ID order
 *   (the keyset) from this index alone, testing the substring on the included search text. No
 *   trigram index: pg_trgm exists in both engines (PostgreSQL contrib, PGlite's contrib bundle),
 *   but PGlite must be opened with it loaded, a PostgreSQL without contrib could not migrate, a
 *   trigram index cannot serve the one- and two-character queries Japanese names are searched by
 *   (山田, ㈱), and a search never leaves one reseller's contracts, which this index bounds
 *   (measured: BENCHMARKS.md).
 * - Newest-first keysets `(reseller_code, created_at desc, id desc)` for applications (also with
 *   `status` in front of the time) and import batches: since/until are a range of the same index.
 * - `registrations_released_serial_idx`: a serial's registrations, released ones included (the
 *   live one is found by `registrations_pack_serial_key`); only rejected reviews write to it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contracts', (t) => {
    t.text('search_text').notNullable().defaultTo('');
  });
  let after = '';
  for (;;) {
    const rows: { support_id: string; customer_name: string; system_name: string }[] = await knex('contracts')
      .where('support_id', '>', after).orderBy('support_id').limit(2_000)
      .select('support_id', 'customer_name', 'system_name');
    if (rows.length === 0) break;
    await knex.raw(
      `update contracts c set search_text = v.search_text
         from (select unnest(cast(? as text[])) as support_id, unnest(cast(? as text[])) as search_text) v
        where c.support_id = v.support_id`,
      [pgTextArray(rows.map((r) => r.support_id)), pgTextArray(rows.map((r) => contractSearchText(r)))],
    );
    after = rows[rows.length - 1]!.support_id;
  }
  await knex.raw('create index contracts_reseller_search_idx on contracts (reseller_code, support_id) include (status, search_text)');
  await knex.raw('create index applications_reseller_created_idx on applications (reseller_code, created_at desc, id desc)');
  await knex.raw('create index applications_reseller_status_idx on applications (reseller_code, status, created_at desc, id desc)');
  await knex.raw('create index import_batches_reseller_created_idx on import_batches (reseller_code, created_at desc, id desc)');
  await knex.raw('create index registrations_released_serial_idx on registrations (pack_serial) where released_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  for (const index of ['registrations_released_serial_idx', 'import_batches_reseller_created_idx', 'applications_reseller_status_idx', 'applications_reseller_created_idx', 'contracts_reseller_search_idx']) {
    await knex.raw(`drop index ${index}`);
  }
  await knex.schema.alterTable('contracts', (t) => {
    t.dropColumn('search_text');
  });
}
