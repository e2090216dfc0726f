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
 * Pass 2's database work for one batch: a fixed number of `whereIn` queries whatever the batch
 * size (never one query per row). Run it on the connection or transaction given.
 */
export async function lookupReferences(
  knex: Knex,
  cache: ReferenceCache,
  rows: readonly IngestedRow[],
): Promise<ReferenceLookups> {
  // Each list is sent as one array literal, written once for the lookups that share it (null: none).
  const supportIds = listOf(distinct(rows, 'support_id'));
  const serials = listOf(distinct(rows, 'pack_serial'));

  const newModels = uncached(cache.packModels, distinct(rows, 'pack_model'));
  if (newModels.length > 0) {
    const found = await knex('pack_models').where(anyOf(knex, 'model', pgTextArray(newModels)))
      .select('model', 'category', 'term_months', 'requires_site', 'requires_label', 'options_allowed', 'manual_review', 'eligible_products');
    for (const m of newModels) cache.packModels.set(detached(m), null);
    for (const r of found) {
      cache.packModels.set(r.model, {
        model: r.model,
        category: r.category,
        termMonths: r.term_months,
        requiresSite: r.requires_site,
        requiresLabel: r.requires_label,
        optionsAllowed: r.options_allowed,
        manualReview: r.manual_review,
        eligibleProducts: r.eligible_products,
      });
    }
  }
  const productModels = distinct(rows, 'product_model');
  const newProducts = uncached(cache.products, productModels);
  if (newProducts.length > 0) {
    const found = await knex('products').where(anyOf(knex, 'model', pgTextArray(newProducts))).select('model', 'end_of_support');
    for (const m of newProducts) cache.products.set(detached(m), undefined);
    for (const r of found) cache.products.set(r.model, r.end_of_support);
  }

  // The four keyed lookups are independent: for a large batch they run at once on pooled
  // connections (PGlite has one connection and runs them in turn). A small batch — a small file —
  // runs them in turn on one connection: three more connections would cost more (a server
  // process each) than the three round trips they save.
  const none = async () => [] as Record<string, any>[];
  const lookups = [
    supportIds !== null ? () => knex('contracts').where(anyOf(knex, 'support_id', supportIds)).select('support_id', 'reseller_code', 'status') : none,
    supportIds !== null ? () => knex('service_users').where(anyOf(knex, 'support_id', supportIds)).select('support_id', 'user_id', 'role') : none,
    serials !== null ? () => knex('pack_serials').where(anyOf(knex, 'serial', serials)).select('serial', 'pack_model') : none,
    // The receipt as a subquery per registration, not a join: right after a large import the
    // statistics still describe a table of a few thousand registrations, and with a join the
    // planner walked registrations in application order for every batch (a merge join: 8 → 250 ms
    // per batch of a 200k re-import, BENCHMARKS.md); a subquery is a primary-key probe whatever
    // the statistics say.
    serials !== null
      ? () => knex('registrations as g')
          .where(anyOf(knex, 'g.pack_serial', serials))
          .whereNull('g.released_at')
          .select('g.pack_serial', 'g.support_id', 'g.pack_model', 'g.product_model', 'g.service_start', 'g.service_end',
            knex.raw('(select a.receipt_no from applications a where a.id = g.application_id) as receipt_no'))
      : none,
  ] as const;
  const [contractRows = [], userRows = [], serialRows = [], liveRows = []] = rows.length >= PARALLEL_LOOKUPS_FROM
    ? await Promise.all(lookups.map((lookup) => lookup()))
    : await inTurn(lookups);
  const contracts = new Map<string, ContractRef>();
  for (const r of contractRows) contracts.set(r.support_id, { resellerCode: r.reseller_code, status: r.status });
  const users = new Map<string, Map<string, string>>();
  for (const r of userRows) {
    let byUser = users.get(r.support_id);
    if (!byUser) users.set(r.support_id, (byUser = new Map()));
    byUser.set(r.user_id, r.role);
  }
  const issued = new Map<string, string>();
  for (const r of serialRows) issued.set(r.serial, r.pack_model);
  const registrations = new Map<string, ExistingRegistration>();
  for (const r of liveRows) {
    registrations.set(r.pack_serial, {
      supportId: r.support_id,
      packModel: r.pack_model,
      productModel: r.product_model,
      serviceStart: r.service_start,
      serviceEnd: r.service_end,
      receiptNo: r.receipt_no,
    });
  }

  const products = new Map<string, string | null>();
  for (const m of productModels) {
    const eos = cache.products.get(m);
    if (eos !== undefined) products.set(m, eos);
  }
  return { contracts, packModels: cache.packModels, serials: issued, products, users, registrations };
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

/** Rows in a batch from which its keyed lookups run at once on pooled connections. */
const PARALLEL_LOOKUPS_FROM = 500;

async function inTurn<T>(lookups: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (const lookup of lookups) results.push(await lookup());
  return results;
}

/**
 * `column = any($1::text[])`: one array parameter instead of an IN list of 2,000 parameters,
 * which PostgreSQL parses and plans several times faster (and which never nears the 65,535
 * parameter limit).
 */
function anyOf(knex: Knex, column: string, list: string): Knex.Raw {
  return knex.raw('?? = any(cast(? as text[]))', [column, list]);
}
