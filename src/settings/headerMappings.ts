import type { Knex } from 'knex';
import { FIELD_KEYS, type FieldKey } from '../domain/fields.js';
import { PackregError } from '../domain/PackregError.js';
import { headerMeaning, isBuiltInHeader, normaliseHeader, type SavedAliases } from '../ingest/headerAliases.js';

/** One saved header: as the reseller wrote it, and the key it stands for. */
export interface HeaderMapping {
  readonly header: string;
  readonly key: FieldKey;
}

/** More would be a mistake (a whole sheet pasted as a mapping), never a real export. */
export const MAX_MAPPINGS = 100;
const MAX_HEADER_CHARS = 200;
const KEYS: ReadonlySet<string> = new Set(FIELD_KEYS);

/**
 * A reseller's saved header mappings (issue 20 item 8: Data Loader's mapping files). The owner of
 * `header_aliases`: nothing else writes it. The ingest never reads the database; importers load
 * the mapping here (`load`) and hand it to `openIngest`.
 */
export const headerMappings = {
  /** The reseller's aliases as the ingest takes them (normalised header → key). */
  async load(knex: Knex, resellerCode: string): Promise<SavedAliases> {
    const rows: Array<{ alias_key: string; field_key: FieldKey }> = await knex('header_aliases')
      .where({ reseller_code: resellerCode }).select('alias_key', 'field_key');
    return new Map(rows.map((r) => [r.alias_key, r.field_key]));
  },

  /** The reseller's mappings, by header. */
  async list(knex: Knex, resellerCode: string): Promise<HeaderMapping[]> {
    const rows: Array<{ header: string; field_key: FieldKey }> = await knex('header_aliases')
      .where({ reseller_code: resellerCode }).orderBy('alias_key').select('header', 'field_key');
    return rows.map((r) => ({ header: r.header, key: r.field_key }));
  },

  /**
   * Save `mappings`: added to the saved ones (a header saved before takes its new key), or, with
   * `replace`, instead of them (PUT /v1/mapping). Every entry is checked first; one bad entry
   * saves nothing.
   */
  async save(knex: Knex, resellerCode: string, mappings: ReadonlyArray<{ header: string; key: string }>, replace: boolean): Promise<HeaderMapping[]> {
    const rows = checkedRows(resellerCode, mappings);
    return knex.transaction(async (trx) => {
      if (replace) await trx('header_aliases').where({ reseller_code: resellerCode }).delete();
      if (rows.length > 0) {
        await trx('header_aliases').insert(rows).onConflict(['reseller_code', 'alias_key'])
          .merge(['header', 'field_key', 'updated_at']);
      }
      const [count] = await trx('header_aliases').where({ reseller_code: resellerCode }).count({ n: '*' });
      if (Number(count?.n ?? 0) > MAX_MAPPINGS) throw new PackregError('MAPPING_TOO_MANY', { limit: MAX_MAPPINGS });
      return headerMappings.list(trx, resellerCode);
    });
  },

  /** Forget the given headers (all of them when `headers` is null); returns how many went. */
  async remove(knex: Knex, resellerCode: string, headers: readonly string[] | null): Promise<number> {
    const q = knex('header_aliases').where({ reseller_code: resellerCode });
    if (headers !== null) q.whereIn('alias_key', headers.map(normaliseHeader));
    // `returning`, not the affected count: knex-pglite answers a delete with a result object.
    return (await q.delete().returning('alias_key')).length;
  },
};

/** `S/N=pack_serial` → { header: 'S/N', key: 'pack_serial' }; the last `=` splits (a header may hold one). */
export function parseMappingEntry(entry: string): { header: string; key: string } {
  const at = entry.lastIndexOf('=');
  if (at <= 0) throw new PackregError('MAPPING_INVALID', { entry });
  const header = entry.slice(0, at).trim();
  const key = entry.slice(at + 1).trim();
  if (header === '' || key === '') throw new PackregError('MAPPING_INVALID', { entry });
  return { header, key };
}

/** A mapping as given by a user (key not yet checked), checked: a known key, an alias that is not built in. */
export function checkMapping(header: string, key: string): HeaderMapping {
  const trimmed = header.trim();
  if (trimmed === '' || trimmed.length > MAX_HEADER_CHARS || normaliseHeader(trimmed) === '') {
    throw new PackregError('MAPPING_INVALID', { entry: `${header}=${key}` });
  }
  if (!KEYS.has(key)) throw new PackregError('MAPPING_TARGET_UNKNOWN', { header: trimmed, target: key, keys: FIELD_KEYS.join(', ') });
  if (isBuiltInHeader(trimmed)) {
    const meaning = headerMeaning(trimmed);
    throw new PackregError('MAPPING_ALIAS_BUILT_IN', { header: trimmed, meaning: meaning.kind === 'field' ? meaning.key : 'options' });
  }
  return { header: trimmed, key: key as FieldKey };
}

function checkedRows(resellerCode: string, mappings: ReadonlyArray<{ header: string; key: string }>) {
  if (mappings.length > MAX_MAPPINGS) throw new PackregError('MAPPING_TOO_MANY', { limit: MAX_MAPPINGS });
  const byAlias = new Map<string, { reseller_code: string; alias_key: string; header: string; field_key: FieldKey; updated_at: Date }>();
  for (const m of mappings) {
    const checked = checkMapping(m.header, m.key);
    const alias = normaliseHeader(checked.header);
    // The same header twice in one request: the last one wins, as in a later `mapping set`.
    byAlias.set(alias, { reseller_code: resellerCode, alias_key: alias, header: checked.header, field_key: checked.key, updated_at: new Date() });
  }
  return [...byAlias.values()];
}
