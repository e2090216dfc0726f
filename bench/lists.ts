import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/openDatabase.js';
import { findRegistrations } from '../src/lists/findRegistrations.js';
import { listApplications } from '../src/lists/listApplications.js';
import { listImports } from '../src/lists/listImports.js';
import { searchContracts } from '../src/lists/searchContracts.js';
import { makeLogger } from '../src/log.js';

type Record = (name: string, rows: number, ms: number, rssMb: number | null, baseline: string | null) => void;

const REGISTRATIONS = 1_000_000;
/** 20 registrations per application; 50 applications per import. */
const APPLICATIONS = REGISTRATIONS / 20;
/** RS001 is the big reseller: 20,000 of the 50,000 contracts; RS002…RS009 share the rest. */
const BIG = 20_000;
const RUNS = 21;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The reseller lists (issue 20: ≤ 100 ms beside a million registrations). The data is built in
 * SQL with generate_series (a minute, not an import's hours): 50,000 contracts (search text
 * already folded: hiragana, kanji and digits), 100,000 service users, a million issued serials,
 * 50,000 applications over a year, 1,000 imports and a million registrations. Each query is run
 * through packreg's own list functions, once to warm up and then RUNS times; the median is kept.
 */
export async function benchLists(record: Record, adminUrl: string, psql: (url: string, ...commands: string[]) => void, dbUrl: (name: string) => string): Promise<string[]> {
  const name = 'packreg_bench_lists';
  psql(adminUrl, `drop database if exists ${name}`, `create database ${name}`);
  const url = dbUrl(name);
  const log = makeLogger('warn');
  const config = loadConfig({});
  const db = await openPostgres(url, config, log);
  const lines: string[] = [];
  try {
    const { migrateLatest } = await import('../src/db/migrate.js');
    await migrateLatest(db.knex);
    const built = performance.now();
    const reseller = `case when i <= ${BIG} then 'RS001' else 'RS00' || (2 + (i - ${BIG + 1}) / 3750) end`;
    psql(url,
      `insert into resellers select 'RS00' || i, '販売店' || i from generate_series(1, 9) i`,
      `insert into products (model, name) values ('EXP-1', 'server')`,
      `insert into pack_models (model, name, category, term_months, requires_site, requires_label, options_allowed, manual_review) values ('SP-1', 'pack', 'software', 12, false, false, false, false)`,
      `insert into contracts (support_id, customer_name, system_name, reseller_code, status, search_text)
         select s, c, y, r, case when i % 10 = 0 then 'expired' else 'active' end, s || ' ' || c || ' ' || y
         from (select i, (300000000 + i)::text s, '株式会社' || (array['やまだ','さくら','たなか','すずき'])[1 + i % 4] || '商事' || i c,
                      'しすてむ' || (i % 97) y, ${reseller} r from generate_series(1, ${APPLICATIONS}) i) g`,
      `insert into service_users (user_id, support_id, role, name, email, postal_code, address)
         select 'U' || i || '-' || k, (300000000 + i)::text, (array['admin','deputy'])[k], '利用者' || i, 'u' || i || '@example.jp', '100-0001', '東京都'
         from generate_series(1, ${APPLICATIONS}) i, generate_series(1, 2) k`,
      `insert into pack_serials select 'S' || lpad(i::text, 7, '0'), 'SP-1' from generate_series(1, ${REGISTRATIONS}) i`,
      `insert into import_batches (id, reseller_code, file_name, source, status, created_at, started_at, finished_at, count_rows, count_registered, count_applications)
         select lpad(to_hex(j), 32, '0')::uuid, ${reseller.replaceAll('i', '(j * 50)')}, 'upload-' || j || '.csv',
                (array['cli','http','nightly'])[1 + j % 3], case when j % 40 = 0 then 'failed' else 'finished' end,
                now() - (${APPLICATIONS} - j * 50) * interval '10 minutes', now(), now(), 1000, 1000, 50
         from generate_series(1, ${APPLICATIONS / 50}) j`,
      `insert into applications (id, receipt_no, import_id, support_id, reseller_code, status, created_at)
         select i, 'R' || lpad(i::text, 13, '0'), lpad(to_hex((i - 1) / 50 + 1), 32, '0')::uuid, (300000000 + i)::text, ${reseller},
                case when i % 97 = 0 then 'rejected' when i % 50 = 0 then 'under_review' else 'completed' end,
                now() - (${APPLICATIONS} - i) * interval '10 minutes'
         from generate_series(1, ${APPLICATIONS}) i`,
      `insert into registrations (application_id, pack_serial, pack_model, support_id, product_model, service_start, service_end, import_id, import_seq, source_row, released_at)
         select a, 'S' || lpad(i::text, 7, '0'), 'SP-1', (300000000 + a)::text, 'EXP-1', date '2026-12-01', date '2027-11-30',
                lpad(to_hex((a - 1) / 50 + 1), 32, '0')::uuid, i, i, case when a % 97 = 0 then now() end
         from (select i, (i - 1) / 20 + 1 as a from generate_series(1, ${REGISTRATIONS}) i) g`,
      'vacuum analyze',
    );
    lines.push(`built ${REGISTRATIONS} registrations, ${APPLICATIONS} applications and contracts, ${APPLICATIONS / 50} imports in ${((performance.now() - built) / 1000).toFixed(1)} s`);

    const knex = db.knex;
    const time = async (label: string, run: () => Promise<{ items: unknown[] }>) => {
      const first = await run();
      const ms: number[] = [];
      for (let k = 0; k < RUNS; k += 1) {
        const started = performance.now();
        await run();
        ms.push(performance.now() - started);
      }
      const m = median(ms);
      record(`lists: ${label}`, REGISTRATIONS, m, null, null);
      lines.push(`| ${label} | ${first.items.length} | ${m.toFixed(1)} | ${Math.max(...ms).toFixed(1)} |`);
    };
    const r = 'RS001';
    const deepCursor = async () => {
      let cursor: string | undefined;
      for (let p = 0; p < 100; p += 1) cursor = (await listApplications(knex, { resellerCode: r, limit: 200, cursor })).nextCursor ?? undefined;
      return cursor;
    };
    const deep = await deepCursor();
    // RS001's applications are the oldest 20,000 (from ~347 to ~208 days ago): a window inside them.
    const monthAgo = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    const monthEnd = new Date(Date.now() - 271 * 86_400_000).toISOString().slice(0, 10);
    await time('contracts: first page, no query (RS001, 20k contracts)', () => searchContracts(knex, { resellerCode: r }));
    await time('contracts: q=サクラ (a quarter match)', () => searchContracts(knex, { resellerCode: r, q: 'サクラ' }));
    await time('contracts: q=㈱スズキ商事19999 (one match)', () => searchContracts(knex, { resellerCode: r, q: '㈱スズキ商事19999' }));
    await time('contracts: q=存在しない (no match: every contract read)', () => searchContracts(knex, { resellerCode: r, q: '存在しない' }));
    await time('contracts: q=商, status=expired, limit 200', () => searchContracts(knex, { resellerCode: r, q: '商', status: 'expired', limit: 200 }));
    await time('contracts: q=さくら, small reseller RS005', () => searchContracts(knex, { resellerCode: 'RS005', q: 'さくら' }));
    await time('applications: first page (RS001, 20k applications)', () => listApplications(knex, { resellerCode: r }));
    await time('applications: page 101 of 200 rows (cursor)', () => listApplications(knex, { resellerCode: r, limit: 200, cursor: deep }));
    await time('applications: status=under_review', () => listApplications(knex, { resellerCode: r, status: 'under_review' }));
    await time('applications: status=rejected, limit 200', () => listApplications(knex, { resellerCode: r, status: 'rejected', limit: 200 }));
    await time('applications: supportId', () => listApplications(knex, { resellerCode: r, supportId: '300012345' }));
    await time('applications: since/until a 30-day window', () => listApplications(knex, { resellerCode: r, since: monthAgo, until: monthEnd }));
    await time('applications: supportId of another reseller (empty)', () => listApplications(knex, { resellerCode: r, supportId: '300040000' }));
    await time('registrations: serial', () => findRegistrations(knex, { resellerCode: r, serial: 's0123456' }));
    await time('registrations: released serial', () => findRegistrations(knex, { resellerCode: 'RS001', serial: `S${String(97 * 20).padStart(7, '0')}` }));
    await time('imports: first page (RS001, 400 imports)', () => listImports(knex, { resellerCode: r, lang: 'en' }));
    await time('imports: status=failed', () => listImports(knex, { resellerCode: r, status: 'failed', lang: 'en' }));
    await time('imports: since (a 300-day window)', () => listImports(knex, { resellerCode: r, since: monthAgo, lang: 'en' }));
  } finally {
    await db.close();
    psql(adminUrl, `drop database if exists ${name}`);
  }
  return lines;
}
