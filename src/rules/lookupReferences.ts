import type { Knex } from 'knex';
import { pgTextArray } from '../db/pgTextArray.js';
import { detached } from './detached.js';
import type { IngestedRow } from '../ingest/types.js';

export interface ContractRef {
  readonly resellerCode: string;
  readonly status: 'active' | 'expired';
}

export interface PackModelRef {
  readonly model: string;
  readonly category: 'hardware' | 'software' | 'pc' | 'bundle';
  readonly termMonths: number;
  readonly requiresSite: boolean;
  readonly requiresLabel: boolean;
  readonly optionsAllowed: boolean;
  readonly manualReview: boolean;
  readonly eligibleProducts: readonly string[];
}

export interface ExistingRegistration {
  readonly supportId: string;
  readonly packModel: string;
  readonly productModel: string;
  readonly serviceStart: string;
  readonly serviceEnd: string;
  readonly receiptNo: string;
}

/** What pass 2 needs to judge one batch of rows: only the rows' own keys are looked up. */
export interface ReferenceLookups {
  readonly contracts: ReadonlyMap<string, ContractRef>;
  readonly packModels: ReadonlyMap<string, PackModelRef | null>;
  /** serial → the pack model it was issued for. */
  readonly serials: ReadonlyMap<string, string>;
  /** product model → its end of support (null: none); absent: unknown product. */
  readonly products: ReadonlyMap<string, string | null>;
  /** support ID → user ID → role. */
  readonly users: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** serial → its live registration. */
  readonly registrations: ReadonlyMap<string, ExistingRegistration>;
}

/**
 * Pack models and products are few and every batch names the same handful, so they are kept for
 * the whole import (a miss is remembered too; at most MAX_CACHED_MODELS and a batch's worth, as
 * copies of the rows' text). Everything keyed by support ID or serial is looked up per batch and
 * dropped with it.
 */
export interface ReferenceCache {
  readonly packModels: Map<string, PackModelRef | null>;
  readonly products: Map<string, string | null | undefined>;
}

/** Models a cache keeps before it starts again (a file naming a new model on every row). */
export const MAX_CACHED_MODELS = 10_000;

export function makeReferenceCache(): ReferenceCache {
  return { packModels: new Map(), products: new Map() };
}

const listOf = (values: readonly string[]): string | null => (values.length > 0 ? pgTextArray(values) : null);

function distinct(rows: readonly IngestedRow[], key: keyof IngestedRow['values']): string[] {
  const seen = new Set<string>();
  // An application's rows repeat their support ID and models (the same string, from the ingest):
  // a value equal to the row before's is not hashed again.
  let before = '';
  for (const row of rows) {
    const value = row.values[key];
    if (value !== before) seen.add((before = value));
  }
  seen.delete('');
  return [...seen];
}

/**
 * Pass 2's database work for one batch: at most three statements whatever the batch size (the
 * models and products the cache does not hold, then the keyed look-ups; never one query per row).
 * Run it on the connection or transaction given.
 */
export async function lookupReferences(
  knex: Knex,
  cache: ReferenceCache,
  rows: readonly IngestedRow[],
): Promise<ReferenceLookups> {
  // Each list is sent as one array literal, written once for the lookups that share it (null: none).
  const supportIds = listOf(distinct(rows, 'support_id'));
  const serials = listOf(distinct(rows, 'pack_serial'));

  // The batch's own maps of its models, from the cache as it stands and then from the queries: the
  // next batch's look-ups may start (and restart the cache) while this batch's are running.
  const modelNames = distinct(rows, 'pack_model');
  const newModels = uncached(cache.packModels, modelNames);
  const packModels = cachedOf(cache.packModels, modelNames);
  if (newModels.length > 0) {
    const found = await knex('pack_models').where(anyOf(knex, 'model', pgTextArray(newModels)))
      .select('model', 'category', 'term_months', 'requires_site', 'requires_label', 'options_allowed', 'manual_review', 'eligible_products');
    for (const m of newModels) {
      cache.packModels.set(detached(m), null);
      packModels.set(m, null);
    }
    for (const r of found) {
      const ref: PackModelRef = {
        model: r.model,
        category: r.category,
        termMonths: r.term_months,
        requiresSite: r.requires_site,
        requiresLabel: r.requires_label,
        optionsAllowed: r.options_allowed,
        manualReview: r.manual_review,
        eligibleProducts: r.eligible_products,
      };
      cache.packModels.set(r.model, ref);
      packModels.set(r.model, ref);
    }
  }
  const productModels = distinct(rows, 'product_model');
  const newProducts = uncached(cache.products, productModels);
  // A product's end of support (null: none); a product the cache knows to be unknown is absent.
  const products = cachedOf(cache.products, productModels);
  if (newProducts.length > 0) {
    const found = await knex('products').where(anyOf(knex, 'model', pgTextArray(newProducts))).select('model', 'end_of_support');
    for (const m of newProducts) cache.products.set(detached(m), undefined);
    for (const r of found) {
      cache.products.set(r.model, r.end_of_support);
      products.set(r.model, r.end_of_support);
    }
  }

  // The four keyed look-ups in one statement: one round trip and one server process per batch.
  // Four statements on four pooled connections woke four server processes per batch beside the
  // COPY's on two cores, and node's own work paid for their submission and for being preempted
  // by them (BENCHMARKS.md, nineteenth round). Each branch is still planned on its own: the
  // receipt as a subquery per registration, not a join — right after a large import the
  // statistics still describe a table of a few thousand registrations, and with a join the
  // planner walked registrations in application order for every batch (a merge join: 8 → 250 ms
  // per batch of a 200k re-import, BENCHMARKS.md); a subquery is a primary-key probe whatever
  // the statistics say.
  const contracts = new Map<string, ContractRef>();
  const users = new Map<string, Map<string, string>>();
  const issued = new Map<string, string>();
  const registrations = new Map<string, ExistingRegistration>();
  if (supportIds !== null || serials !== null) {
    const { rows: found } = (await knex.raw(KEYED_LOOKUPS, { ids: supportIds ?? '{}', serials: serials ?? '{}' })) as { rows: KeyedRow[] };
    for (const r of found) {
      switch (r.k) {
        case 's':
          issued.set(r.a, r.b!);
          break;
        case 'r':
          registrations.set(r.a, { supportId: r.b!, packModel: r.c!, productModel: r.d!, serviceStart: r.e!, serviceEnd: r.f!, receiptNo: r.g! });
          break;
        case 'c':
          contracts.set(r.a, { resellerCode: r.b!, status: r.c as ContractRef['status'] });
          break;
        case 'u': {
          let byUser = users.get(r.a);
          if (!byUser) users.set(r.a, (byUser = new Map()));
          byUser.set(r.b!, r.c!);
          break;
        }
      }
    }
  }

  return { contracts, packModels, serials: issued, products, users, registrations };
}

/** What the cache holds for these models, as the batch's own map (a known miss of a product, `undefined`, left out). */
function cachedOf<T>(cache: ReadonlyMap<string, T | undefined>, models: readonly string[]): Map<string, T> {
  const held = new Map<string, T>();
  for (const m of models) {
    const value = cache.get(m);
    if (value !== undefined) held.set(m, value);
  }
  return held;
}

/**
 * The batch's models the cache does not hold. A cache that would grow past MAX_CACHED_MODELS (a
 * file naming a new model on every row, each a miss) starts again, so it holds at most that many
 * plus one batch's; the batch's own models are then all looked up, so every one is in the cache
 * when its rows are judged.
 */
function uncached<T>(cache: Map<string, T>, models: readonly string[]): string[] {
  const missing = models.filter((m) => !cache.has(m));
  if (cache.size + missing.length <= MAX_CACHED_MODELS) return missing;
  cache.clear();
  return [...models];
}

/** A row of KEYED_LOOKUPS: which kind of thing was found, its key, and its columns in order. */
interface KeyedRow {
  readonly k: 'c' | 'u' | 's' | 'r';
  readonly a: string;
  readonly b: string | null;
  readonly c: string | null;
  readonly d: string | null;
  readonly e: string | null;
  readonly f: string | null;
  readonly g: string | null;
}

/**
 * The batch's contracts and service users by support ID, its serials' issue and live registration
 * by serial: a row per thing found, `k` saying which (c, u, s, r), its key in `a`. Dates as
 * 'YYYY-MM-DD' text, as the driver hands a date column back (db/typeParsers.ts).
 */
const KEYED_LOOKUPS = `
  select 'c' as k, support_id as a, reseller_code as b, status as c,
         null::text as d, null::text as e, null::text as f, null::text as g
    from contracts where support_id = any(cast(:ids as text[]))
  union all
  select 'u', support_id, user_id, role, null, null, null, null
    from service_users where support_id = any(cast(:ids as text[]))
  union all
  select 's', serial, pack_model, null, null, null, null, null
    from pack_serials where serial = any(cast(:serials as text[]))
  union all
  select 'r', g.pack_serial, g.support_id, g.pack_model, g.product_model,
         to_char(g.service_start, 'YYYY-MM-DD'), to_char(g.service_end, 'YYYY-MM-DD'),
         (select a.receipt_no from applications a where a.id = g.application_id)
    from registrations g where g.pack_serial = any(cast(:serials as text[])) and g.released_at is null`;

/**
 * `column = any($1::text[])`: one array parameter instead of an IN list of 2,000 parameters,
 * which PostgreSQL parses and plans several times faster (and which never nears the 65,535
 * parameter limit).
 */
function anyOf(knex: Knex, column: string, list: string): Knex.Raw {
  return knex.raw('?? = any(cast(? as text[]))', [column, list]);
}
