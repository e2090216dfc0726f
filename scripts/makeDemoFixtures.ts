/**
 * Deterministic generator of packreg's demo data (issue 2).
 *
 *   npx tsx scripts/makeDemoFixtures.ts
 *
 * Writes fixtures/reference/*.csv (SPEC §2), fixtures/uploads/* (SPEC §3 sample uploads of
 * reseller RS001) and fixtures/README.md. Every random choice comes from the seeded PRNG below,
 * so running it twice gives byte-identical files. The dates assume the import runs on
 * 2026-11-25 (Asia/Tokyo): service starts are 2026-12-01 … 2027-01-31.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'fixtures');
const REF_DIR = path.join(FIXTURES, 'reference');
const UP_DIR = path.join(FIXTURES, 'uploads');

/** The import date the fixtures are built around (SPEC examples use it too). */
const DEMO_IMPORT_DATE = '2026-11-25';

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) — one independent stream per section, so editing one section does
// not reshuffle the others.
// ---------------------------------------------------------------------------------------------

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet.charAt(this.int(0, alphabet.length - 1));
    return s;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = at(a, i);
      a[i] = at(a, j);
      a[j] = tmp;
    }
    return a;
  }
}

function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new Error(`index ${i} out of range (${items.length})`);
  return v;
}

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`missing ${what}`);
  return v;
}

function assert(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new Error(`self-check failed: ${msg}`);
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (UTC dates used as plain calendar dates)
// ---------------------------------------------------------------------------------------------

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const ymd = (y: number, m: number, d: number): Ymd => ({ y, m, d });
const pad2 = (n: number): string => String(n).padStart(2, '0');
const iso = (v: Ymd): string => `${v.y}-${pad2(v.m)}-${pad2(v.d)}`;
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function addDays(v: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(v.y, v.m - 1, v.d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** SPEC §4: start + months keeps the day number or takes the month's last day, then − 1 day. */
function termEnd(start: Ymd, months: number): Ymd {
  const total = start.m - 1 + months;
  const y = start.y + Math.floor(total / 12);
  const m = (total % 12) + 1;
  return addDays(ymd(y, m, Math.min(start.d, daysInMonth(y, m))), -1);
}

type DateStyle = 'slash' | 'iso' | 'kanji' | 'reiwa-kanji' | 'reiwa-dot' | 'reiwa-slash';

function formatDate(v: Ymd, style: DateStyle): string {
  const r = v.y - 2018;
  switch (style) {
    case 'slash':
      return `${v.y}/${v.m}/${v.d}`;
    case 'iso':
      return iso(v);
    case 'kanji':
      return `${v.y}年${v.m}月${v.d}日`;
    case 'reiwa-kanji':
      return `令和${r}年${v.m}月${v.d}日`;
    case 'reiwa-dot':
      return `R${r}.${v.m}.${v.d}`;
    case 'reiwa-slash':
      return `R${r}/${v.m}/${v.d}`;
  }
}

// ---------------------------------------------------------------------------------------------
// CSV writing
// ---------------------------------------------------------------------------------------------

/** RFC 4180 / Excel quoting: only fields holding a comma, a quote or a line break are quoted. */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvText(rows: readonly (readonly string[])[], eol: string): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
}

// ---------------------------------------------------------------------------------------------
// Places, people, organisations
// ---------------------------------------------------------------------------------------------

interface Place {
  readonly postal: string;
  /** Prefecture + city + town, without the street number. */
  readonly town: string;
  /** Area code of the fixed-line phone. */
  readonly area: string;
  readonly key: string;
}

const PLACES: readonly Place[] = [
  { key: 'minato', postal: '105-0014', town: '東京都港区芝', area: '03' },
  { key: 'marunouchi', postal: '100-0005', town: '東京都千代田区丸の内', area: '03' },
  { key: 'shinjuku', postal: '160-0023', town: '東京都新宿区西新宿', area: '03' },
  { key: 'osaki', postal: '141-0032', town: '東京都品川区大崎', area: '03' },
  { key: 'hachioji', postal: '192-0083', town: '東京都八王子市旭町', area: '042' },
  { key: 'mm21', postal: '220-0012', town: '神奈川県横浜市西区みなとみらい', area: '045' },
  { key: 'kawasaki', postal: '210-0007', town: '神奈川県川崎市川崎区駅前本町', area: '044' },
  { key: 'omiya', postal: '330-0854', town: '埼玉県さいたま市大宮区桜木町', area: '048' },
  { key: 'chiba', postal: '260-0015', town: '千葉県千葉市中央区富士見', area: '043' },
  { key: 'sakae', postal: '460-0008', town: '愛知県名古屋市中区栄', area: '052' },
  { key: 'umeda', postal: '530-0001', town: '大阪府大阪市北区梅田', area: '06' },
  { key: 'kitahama', postal: '541-0041', town: '大阪府大阪市中央区北浜', area: '06' },
  { key: 'kyoto', postal: '600-8216', town: '京都府京都市下京区東塩小路町', area: '075' },
  { key: 'kobe', postal: '650-0021', town: '兵庫県神戸市中央区三宮町', area: '078' },
  { key: 'hiroshima', postal: '730-0011', town: '広島県広島市中区基町', area: '082' },
  { key: 'hakata', postal: '812-0011', town: '福岡県福岡市博多区博多駅前', area: '092' },
  { key: 'sapporo', postal: '060-0005', town: '北海道札幌市中央区北五条西', area: '011' },
  { key: 'sendai', postal: '980-0021', town: '宮城県仙台市青葉区中央', area: '022' },
  { key: 'nagano', postal: '380-0836', town: '長野県長野市南長野', area: '026' },
  { key: 'niigata', postal: '950-0087', town: '新潟県新潟市中央区東大通', area: '025' },
  { key: 'kanazawa', postal: '920-0853', town: '石川県金沢市本町', area: '076' },
  { key: 'takao', postal: '193-0844', town: '東京都八王子市高尾町', area: '042' },
];

function place(key: string): Place {
  return must(
    PLACES.find((p) => p.key === key),
    `place ${key}`,
  );
}

const CIRCLED = ['①', '②', '③', '④', '⑤'] as const;

function streetNumber(rng: Rng): string {
  const a = rng.int(1, 6);
  const b = rng.int(1, 25);
  const c = rng.int(1, 30);
  return rng.chance(0.4) ? `${a}丁目${b}番${c}号` : `${a}-${b}-${c}`;
}

function phone(rng: Rng, area: string, mobile = false): string {
  if (mobile) return `${rng.pick(['090', '080', '070'])}-${rng.int(1, 9)}${rng.digits(3)}-${rng.digits(4)}`;
  // Area code + local number = 10 digits.
  const local = 10 - area.length;
  const head = local - 4;
  return `${area}-${rng.int(1, 9)}${rng.digits(head - 1)}-${rng.digits(4)}`;
}

interface Person {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly postal: string;
  readonly address: string;
  readonly building: string;
  readonly phone: string;
}

const SURNAMES: readonly (readonly [string, string])[] = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['髙橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'],
  ['渡辺', 'watanabe'], ['山本', 'yamamoto'], ['中村', 'nakamura'], ['小林', 'kobayashi'],
  ['加藤', 'kato'], ['吉田', 'yoshida'], ['山田', 'yamada'], ['佐々木', 'sasaki'],
  ['山口', 'yamaguchi'], ['松本', 'matsumoto'], ['井上', 'inoue'], ['木村', 'kimura'], ['林', 'hayashi'],
  ['清水', 'shimizu'], ['山﨑', 'yamazaki'], ['森', 'mori'], ['池田', 'ikeda'], ['橋本', 'hashimoto'],
  ['阿部', 'abe'], ['石川', 'ishikawa'], ['前田', 'maeda'], ['藤田', 'fujita'], ['小川', 'ogawa'],
  ['岡田', 'okada'], ['後藤', 'goto'], ['髙木', 'takagi'], ['長谷川', 'hasegawa'],
];
const GIVEN: readonly (readonly [string, string])[] = [
  ['太郎', 'taro'], ['花子', 'hanako'], ['翔太', 'shota'], ['美咲', 'misaki'], ['健一', 'kenichi'],
  ['由美', 'yumi'], ['大輔', 'daisuke'], ['直子', 'naoko'], ['誠', 'makoto'], ['陽子', 'yoko'],
  ['拓也', 'takuya'], ['恵', 'megumi'], ['隆', 'takashi'], ['明美', 'akemi'], ['浩二', 'koji'],
  ['真由美', 'mayumi'], ['蓮', 'ren'], ['結衣', 'yui'], ['修', 'osamu'], ['さくら', 'sakura'],
  ['和也', 'kazuya'], ['智子', 'tomoko'], ['亮', 'ryo'], ['千尋', 'chihiro'],
];

const usedUserIds = new Set<string>();
const usedNames = new Set<string>();

function makePerson(rng: Rng, domain: string, office: { postal: string; address: string; building: string; area: string }): Person {
  let sur: readonly [string, string];
  let giv: readonly [string, string];
  do {
    sur = rng.pick(SURNAMES);
    giv = rng.pick(GIVEN);
  } while (usedNames.has(sur[0] + giv[0]));
  usedNames.add(sur[0] + giv[0]);
  let userId = `${sur[1]}.${giv[1]}`;
  for (let n = 2; usedUserIds.has(userId); n++) userId = `${sur[1]}.${giv[1]}${n}`;
  usedUserIds.add(userId);
  const email = `${giv[1].charAt(0)}.${sur[1]}@${domain}`;
  return {
    userId,
    name: `${sur[0]} ${giv[0]}`,
    email,
    postal: office.postal,
    address: office.address,
    building: office.building,
    phone: rng.chance(0.25) ? phone(rng, office.area, true) : phone(rng, office.area),
  };
}

function buildingName(rng: Rng, base: string): string {
  const floor = rng.int(2, 15);
  const circled = rng.pick(CIRCLED);
  switch (rng.int(0, 5)) {
    case 0:
      return `${base}ビル ${floor}F`;
    case 1:
      return `${base}タワー ${floor}階`;
    case 2:
      return `第${circled}${base}ビル ${floor}F`;
    case 3:
      return `${base}ビル${circled}号館 ${floor}階`;
    case 4:
      return `髙島${base}ビル ${floor}F`;
    default:
      return '';
  }
}

const BUILDING_BASES = ['芝浦', 'センター', 'スカイ', 'グラン', '駅前', '中央', 'サンライズ', '朝日', '栄光', 'みなと'];

// ---------------------------------------------------------------------------------------------
// Resellers, customers, contracts
// ---------------------------------------------------------------------------------------------

interface ResellerSpec {
  readonly code: string;
  readonly name: string;
  readonly domain: string;
  readonly place: string;
}

const RESELLERS: readonly ResellerSpec[] = [
  { code: 'RS001', name: '株式会社サンプル情報システム', domain: 'sample-is.example.com', place: 'minato' },
  { code: 'RS002', name: '㈱テストネットワークス', domain: 'testnw.example.com', place: 'umeda' },
  { code: 'RS003', name: 'みなと電算株式会社', domain: 'minato-densan.example.jp', place: 'mm21' },
  { code: 'RS004', name: '北都システム販売株式会社', domain: 'hokuto-sys.example.jp', place: 'sapporo' },
];

interface CustomerSpec {
  readonly key: string;
  readonly name: string;
  readonly domain: string;
  readonly place: string;
  /** Installation sites (設置場所名) — used by the upload files. */
  readonly sites: readonly (readonly [name: string, place: string])[];
}

const CUSTOMERS: readonly CustomerSpec[] = [
  { key: 'aoba', name: '株式会社青葉製作所', domain: 'aoba-mfg.example.jp', place: 'hachioji',
    sites: [['本社工場 電算室', 'hachioji'], ['第①工場 サーバ室', 'takao']] },
  { key: 'takada', name: '髙田精機株式会社', domain: 'takada-seiki.example.jp', place: 'kawasaki',
    sites: [['髙田精機㈱ 川崎事業所', 'kawasaki']] },
  { key: 'sakurakai', name: '医療法人社団 さくら会', domain: 'sakurakai.example.jp', place: 'omiya',
    sites: [['さくら会総合病院 サーバ室', 'omiya'], ['さくら会クリニック', 'chiba']] },
  { key: 'towa', name: '学校法人 東和学園', domain: 'towa-gakuen.example.jp', place: 'shinjuku',
    sites: [['東和学園 情報センター', 'shinjuku']] },
  { key: 'midori', name: 'みどり市役所', domain: 'city-midori.example.jp', place: 'chiba',
    sites: [['みどり市役所 本庁舎 電算室', 'chiba'], ['みどり市 防災センター', 'chiba']] },
  { key: 'himawari', name: '株式会社ひまわり物流', domain: 'himawari-logi.example.com', place: 'osaki',
    sites: [['ひまわり物流 大崎センター', 'osaki']] },
  { key: 'yamazaki', name: '有限会社山﨑商店', domain: 'yamazaki-shoten.example.jp', place: 'marunouchi',
    sites: [['山﨑商店 本店', 'marunouchi']] },
  { key: 'hokuto', name: '株式会社北斗フーズ', domain: 'hokuto-foods.example.jp', place: 'sendai',
    sites: [['北斗フーズ 仙台データセンター', 'sendai']] },
  { key: 'toho', name: '東邦ケミカル㈱', domain: 'toho-chem.example.com', place: 'mm21',
    sites: [['東邦ケミカル㈱ 研究所', 'mm21']] },
  { key: 'tsubasa', name: '株式会社つばさトラベル', domain: 'tsubasa-travel.example.jp', place: 'minato',
    sites: [['つばさトラベル 本社', 'minato']] },
  { key: 'yasuragi', name: '社会福祉法人 やすらぎ会', domain: 'yasuragi.example.jp', place: 'nagano',
    sites: [['やすらぎ会 本部', 'nagano']] },
  { key: 'minatok', name: '株式会社ミナト建設', domain: 'minato-kensetsu.example.jp', place: 'niigata',
    sites: [['ミナト建設 本社', 'niigata']] },
  { key: 'maruwa', name: '丸和電機工業株式会社', domain: 'maruwa-denki.example.com', place: 'kobe',
    sites: [['丸和電機工業 神戸工場', 'kobe']] },
  { key: 'sakurar', name: '株式会社さくらリテール', domain: 'sakura-retail.example.jp', place: 'kitahama',
    sites: [['さくらリテール 北浜本部', 'kitahama']] },
  { key: 'kaiyo', name: '一般財団法人 海洋技術研究所', domain: 'kaiyo-lab.example.jp', place: 'kobe',
    sites: [['海洋技術研究所 計算機棟', 'kobe']] },
  { key: 'futaba', name: '株式会社双葉会計事務所', domain: 'futaba-kaikei.example.jp', place: 'kyoto',
    sites: [['双葉会計事務所', 'kyoto']] },
  { key: 'green', name: '株式会社グリーンファーム', domain: 'green-farm.example.jp', place: 'hiroshima',
    sites: [['グリーンファーム 第②温室棟', 'hiroshima']] },
  { key: 'shinano', name: '信濃精密工業株式会社', domain: 'shinano-seimitsu.example.jp', place: 'nagano',
    sites: [['信濃精密工業 本社工場', 'nagano']] },
  { key: 'cosmo', name: '株式会社コスモ保険サービス', domain: 'cosmo-hoken.example.com', place: 'umeda',
    sites: [['コスモ保険サービス 梅田オフィス', 'umeda']] },
  { key: 'chuo', name: '中央法律事務所', domain: 'chuo-law.example.jp', place: 'kitahama',
    sites: [['中央法律事務所', 'kitahama']] },
  { key: 'harbor', name: '株式会社ハーバー印刷', domain: 'harbor-print.example.jp', place: 'kobe',
    sites: [['ハーバー印刷 製版室', 'kobe']] },
  { key: 'iroha', name: '株式会社いろは不動産', domain: 'iroha-fudosan.example.jp', place: 'mm21',
    sites: [['いろは不動産 本店', 'mm21']] },
  { key: 'nlogi', name: '日本ロジテック㈱', domain: 'nihon-logitec.example.com', place: 'kawasaki',
    sites: [['日本ロジテック㈱ 川崎DC', 'kawasaki']] },
  { key: 'asahi', name: '株式会社あさひ病院サービス', domain: 'asahi-hs.example.jp', place: 'sakae',
    sites: [['あさひ病院サービス 名古屋センター', 'sakae']] },
  { key: 'sorano', name: '株式会社ソラノ出版', domain: 'sorano-pub.example.jp', place: 'shinjuku',
    sites: [['ソラノ出版 編集部', 'shinjuku']] },
  { key: 'kawasakit', name: '川崎テクノサービス株式会社', domain: 'kawasaki-techno.example.jp', place: 'kawasaki',
    sites: [['川崎テクノサービス 監視センター', 'kawasaki']] },
  { key: 'takagi', name: '株式会社髙木製菓', domain: 'takagi-seika.example.jp', place: 'hakata',
    sites: [['髙木製菓 博多工場', 'hakata']] },
  { key: 'subaru', name: '株式会社スバル通信', domain: 'subaru-tsushin.example.jp', place: 'sendai',
    sites: [['スバル通信 仙台本社', 'sendai']] },
  { key: 'yamabiko', name: '株式会社やまびこ製紙', domain: 'yamabiko-paper.example.jp', place: 'sapporo',
    sites: [['やまびこ製紙 苫小牧工場', 'sapporo']] },
  { key: 'ocean', name: '株式会社オーシャン水産', domain: 'ocean-suisan.example.jp', place: 'sapporo',
    sites: [['オーシャン水産 冷凍倉庫', 'sapporo']] },
  { key: 'shinonome', name: '株式会社東雲システムズ', domain: 'shinonome-sys.example.com', place: 'kanazawa',
    sites: [['東雲システムズ 開発センター', 'kanazawa']] },
];

function customer(key: string): CustomerSpec {
  return must(
    CUSTOMERS.find((c) => c.key === key),
    `customer ${key}`,
  );
}

type Status = 'active' | 'expired';

/** [customer, system name, reseller, status]; support IDs are drawn by the PRNG. */
const CONTRACT_SPECS: readonly (readonly [string, string, string, Status])[] = [
  // RS001 — the reseller of the upload samples: 12 active, 2 expired
  ['aoba', '生産管理システム', 'RS001', 'active'],
  ['aoba', '基幹業務システム', 'RS001', 'active'],
  ['takada', '設計CADサーバ', 'RS001', 'active'],
  ['sakurakai', '電子カルテ基盤', 'RS001', 'active'],
  ['towa', '学内ネットワーク', 'RS001', 'active'],
  ['midori', '住民情報システム', 'RS001', 'active'],
  ['himawari', '倉庫管理システム（WMS）', 'RS001', 'active'],
  ['yamazaki', '販売管理システム（本店, 支店）', 'RS001', 'active'],
  ['hokuto', '受発注システム', 'RS001', 'active'],
  ['hokuto', '仮想化基盤', 'RS001', 'active'],
  ['toho', '研究データ基盤', 'RS001', 'active'],
  ['tsubasa', '予約管理システム', 'RS001', 'active'],
  ['yasuragi', '介護記録システム', 'RS001', 'expired'],
  ['minatok', '図面管理サーバ', 'RS001', 'expired'],
  // RS002
  ['maruwa', '仮想化基盤 "Phoenix"', 'RS002', 'active'],
  ['sakurar', 'POS集計サーバ', 'RS002', 'active'],
  ['kaiyo', '解析用クラスタ', 'RS002', 'active'],
  ['futaba', 'ファイルサーバ', 'RS002', 'expired'],
  ['green', '温室環境監視システム', 'RS002', 'active'],
  ['shinano', '品質管理システム', 'RS002', 'active'],
  ['shinano', '生産ライン監視', 'RS002', 'active'],
  ['cosmo', '顧客管理システム', 'RS002', 'active'],
  ['chuo', '文書管理システム', 'RS002', 'active'],
  ['harbor', '組版サーバ', 'RS002', 'expired'],
  // RS003
  ['iroha', '物件管理システム', 'RS003', 'active'],
  ['nlogi', '配送計画システム', 'RS003', 'active'],
  ['asahi', '医事会計システム', 'RS003', 'active'],
  ['sorano', '編集システム', 'RS003', 'expired'],
  ['kawasakit', '統合監視基盤', 'RS003', 'active'],
  ['takagi', '生産計画システム', 'RS003', 'active'],
  ['takagi', '在庫管理システム', 'RS003', 'active'],
  ['subaru', '社内メール基盤', 'RS003', 'active'],
  // RS004
  ['yamabiko', '基幹システム', 'RS004', 'active'],
  ['ocean', '在庫管理システム', 'RS004', 'active'],
  ['ocean', '冷凍倉庫監視', 'RS004', 'active'],
  ['shinonome', '開発環境', 'RS004', 'expired'],
];

interface Contract {
  readonly supportId: string;
  readonly customer: CustomerSpec;
  readonly system: string;
  readonly reseller: string;
  readonly status: Status;
}

interface ServiceUser extends Person {
  readonly supportId: string;
  readonly role: 'admin' | 'deputy' | 'member';
}

// ---------------------------------------------------------------------------------------------
// Products and pack models
// ---------------------------------------------------------------------------------------------

interface Product {
  readonly model: string;
  readonly name: string;
  readonly eos: string;
}

/** end_of_support: '' = none; 2027/2028 dates = within two years of 2026-11-25; 2024-2026 = past. */
const PRODUCTS: readonly Product[] = [
  { model: 'EXP-5800-R110', name: 'Express5800/R110 ラックサーバ', eos: '2026-09-30' },
  { model: 'EXP-5800-R120', name: 'Express5800/R120 ラックサーバ', eos: '' },
  { model: 'EXP-5800-R140', name: 'Express5800/R140 ラックサーバ', eos: '2028-03-31' },
  { model: 'EXP-5800-T110', name: 'Express5800/T110 タワーサーバ', eos: '2025-03-31' },
  { model: 'EXP-5800-T120', name: 'Express5800/T120 タワーサーバ', eos: '' },
  { model: 'EXP-5900-R120', name: 'Express5900/R120 ラックサーバ', eos: '' },
  { model: 'EXP-5900-R220', name: 'Express5900/R220 ラックサーバ（2U）', eos: '2031-03-31' },
  { model: 'ISM-M120', name: 'iStorage M120 ディスクアレイ', eos: '2027-09-30' },
  { model: 'ISM-M320', name: 'iStorage M320 ディスクアレイ', eos: '' },
  { model: 'NX7700-X1', name: 'NX7700x 基幹サーバ X1', eos: '' },
  { model: 'NX7700-X2', name: 'NX7700x 基幹サーバ X2', eos: '2030-12-31' },
  { model: 'NW-IX2215', name: 'IXルータ 2215', eos: '2027-06-30' },
  { model: 'NW-QX-S4100', name: 'QXスイッチ S4100', eos: '' },
  { model: 'UPS-1500-R', name: '無停電電源装置 1500VA（ラック）', eos: '2028-09-30' },
  { model: 'VMW-VSPHERE-STD', name: 'VMware vSphere Standard', eos: '' },
  { model: 'VMW-VSPHERE-ENT', name: 'VMware vSphere Enterprise Plus', eos: '2025-10-15' },
  { model: 'VMW-VCENTER-STD', name: 'VMware vCenter Server Standard', eos: '' },
  { model: 'SW-ESMPRO-ST', name: 'ESMPRO/ServerManager', eos: '' },
  { model: 'SW-CLUSTERPRO-X', name: 'CLUSTERPRO X', eos: '' },
  { model: 'SW-ACTSECURE', name: 'ActSecure 統合管理', eos: '2027-12-31' },
  { model: 'PC-MATE-ML', name: 'Mate タイプML デスクトップ', eos: '' },
  { model: 'PC-MATE-MB', name: 'Mate タイプMB デスクトップ', eos: '2024-09-30' },
  { model: 'PC-VERSA-VX', name: 'VersaPro タイプVX ノート', eos: '' },
  { model: 'PC-VERSA-VKT', name: 'VersaPro タイプVKT ノート', eos: '2027-03-31' },
  { model: 'PC-WS-R8', name: 'Express5800/R8 ワークステーション', eos: '' },
];

type Category = 'hardware' | 'software' | 'pc' | 'bundle';

interface PackModel {
  readonly model: string;
  readonly name: string;
  readonly category: Category;
  readonly term: 12 | 36 | 60;
  readonly site: boolean;
  readonly label: boolean;
  readonly options: boolean;
  readonly review: boolean;
  readonly eligible: readonly string[];
  /** How many of the 2,000 serials belong to this model. */
  readonly serials: number;
  /** Serial prefix letters. */
  readonly prefix: string;
}

const EXP = ['EXP-5800-*', 'EXP-5900-*'];

const PACK_MODELS: readonly PackModel[] = [
  { model: 'SP-HW-EXP-12M', name: 'サポートパック Express5800用 12ヶ月 当日対応', category: 'hardware', term: 12, site: true, label: true, options: true, review: false, eligible: EXP, serials: 220, prefix: 'HE1' },
  { model: 'SP-HW-EXP-36M', name: 'サポートパック Express5800用 36ヶ月 当日対応', category: 'hardware', term: 36, site: true, label: true, options: true, review: false, eligible: EXP, serials: 260, prefix: 'HE3' },
  { model: 'SP-HW-EXP-60M', name: 'サポートパック Express5800用 60ヶ月 当日対応', category: 'hardware', term: 60, site: true, label: true, options: true, review: false, eligible: EXP, serials: 180, prefix: 'HE6' },
  { model: 'SP-HW-ISM-36M', name: 'サポートパック iStorage用 36ヶ月', category: 'hardware', term: 36, site: true, label: true, options: true, review: false, eligible: ['ISM-M*'], serials: 100, prefix: 'HS3' },
  { model: 'SP-HW-NX-36M', name: 'サポートパック NX7700x用 36ヶ月', category: 'hardware', term: 36, site: true, label: true, options: true, review: true, eligible: ['NX7700-*'], serials: 80, prefix: 'HN3' },
  { model: 'SP-HW-NW-12M', name: 'サポートパック ネットワーク機器用 12ヶ月', category: 'hardware', term: 12, site: true, label: true, options: false, review: false, eligible: ['NW-IX2215', 'NW-QX-S4100'], serials: 100, prefix: 'HW1' },
  { model: 'SP-HW-UPS-60M', name: 'サポートパック UPS用 60ヶ月', category: 'hardware', term: 60, site: true, label: true, options: false, review: false, eligible: ['UPS-1500-R'], serials: 60, prefix: 'HU6' },
  { model: 'SP-SW-VMW-12M', name: 'ソフトウェアサポート VMware 12ヶ月', category: 'software', term: 12, site: false, label: false, options: false, review: true, eligible: ['VMW-*'], serials: 100, prefix: 'SV1' },
  { model: 'SP-SW-VMW-36M', name: 'ソフトウェアサポート VMware vSphere 36ヶ月', category: 'software', term: 36, site: false, label: false, options: false, review: true, eligible: ['VMW-VSPHERE-STD', 'VMW-VSPHERE-ENT', 'VMW-VCENTER-STD'], serials: 80, prefix: 'SV3' },
  { model: 'SP-SW-ESM-12M', name: 'ソフトウェアサポート 運用管理 12ヶ月', category: 'software', term: 12, site: false, label: false, options: false, review: false, eligible: ['SW-ESMPRO-ST', 'SW-ACTSECURE'], serials: 120, prefix: 'SE1' },
  { model: 'SP-SW-CLP-60M', name: 'ソフトウェアサポート CLUSTERPRO 60ヶ月', category: 'software', term: 60, site: false, label: false, options: false, review: false, eligible: ['SW-CLUSTERPRO-X'], serials: 60, prefix: 'SC6' },
  { model: 'SP-PC-STD-36M', name: 'PCサポートパック 引取修理 36ヶ月', category: 'pc', term: 36, site: false, label: false, options: false, review: false, eligible: ['PC-MATE-*', 'PC-VERSA-*'], serials: 250, prefix: 'PS3' },
  { model: 'SP-PC-ONS-60M', name: 'PCサポートパック 出張修理 60ヶ月', category: 'pc', term: 60, site: true, label: false, options: false, review: false, eligible: ['PC-MATE-*', 'PC-VERSA-*', 'PC-WS-R8'], serials: 150, prefix: 'PO6' },
  { model: 'SP-PC-WS-12M', name: 'PCサポートパック ワークステーション 12ヶ月', category: 'pc', term: 12, site: false, label: false, options: false, review: false, eligible: ['PC-WS-*'], serials: 40, prefix: 'PW1' },
  { model: 'SB-EXP-VMW-36M', name: 'サポートバンドル Express5800＋VMware 36ヶ月', category: 'bundle', term: 36, site: true, label: true, options: false, review: true, eligible: EXP, serials: 80, prefix: 'BV3' },
  { model: 'SB-UPS-60M', name: 'サポートバンドル UPS＋電源管理ソフト 60ヶ月', category: 'bundle', term: 60, site: true, label: false, options: false, review: false, eligible: ['UPS-1500-R'], serials: 40, prefix: 'BU6' },
  { model: 'SB-SW-ESM-60M', name: 'サポートバンドル 運用管理ソフト一式 60ヶ月', category: 'bundle', term: 60, site: false, label: false, options: false, review: false, eligible: ['SW-*'], serials: 80, prefix: 'BS6' },
];

function packModel(model: string): PackModel {
  return must(
    PACK_MODELS.find((p) => p.model === model),
    `pack model ${model}`,
  );
}

function product(model: string): Product {
  return must(
    PRODUCTS.find((p) => p.model === model),
    `product ${model}`,
  );
}

function eligibleFor(pack: PackModel, productModel: string): boolean {
  return pack.eligible.some((e) => (e.endsWith('*') ? productModel.startsWith(e.slice(0, -1)) : productModel === e));
}

// =============================================================================================
// 1. Reference data
// =============================================================================================

const refRng = new Rng(0x2611_2501);

// Support IDs: 9 digits starting with 3, unique.
const supportIds = new Set<string>();
const contracts: Contract[] = CONTRACT_SPECS.map(([cust, system, reseller, status]) => {
  let id: string;
  do id = `3${refRng.int(1, 9)}${refRng.digits(7)}`;
  while (supportIds.has(id));
  supportIds.add(id);
  return { supportId: id, customer: customer(cust), system, reseller, status };
});

// People. A customer's people are shared by all its contracts; each reseller has two SEs who
// serve as deputy (利用管理者代行) on some of its customers' contracts.
function office(rng: Rng, placeKey: string): { postal: string; address: string; building: string; area: string } {
  const p = place(placeKey);
  return { postal: p.postal, address: `${p.town}${streetNumber(rng)}`, building: buildingName(rng, rng.pick(BUILDING_BASES)), area: p.area };
}

const resellerSEs = new Map<string, Person[]>();
for (const r of RESELLERS) {
  const o = office(refRng, r.place);
  resellerSEs.set(r.code, [makePerson(refRng, r.domain, o), makePerson(refRng, r.domain, o)]);
}

const customerPeople = new Map<string, Person[]>();
for (const c of CUSTOMERS) {
  const o = office(refRng, c.place);
  const n = refRng.int(3, 4);
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    // Same office, sometimes another floor.
    const building = i > 0 && o.building !== '' && refRng.chance(0.3) ? o.building.replace(/\d+(F|階)$/, `${refRng.int(2, 9)}$1`) : o.building;
    people.push(makePerson(refRng, c.domain, { ...o, building }));
  }
  customerPeople.set(c.key, people);
}

const serviceUsers: ServiceUser[] = [];
{
  const seenCustomer = new Map<string, number>();
  contracts.forEach((c, i) => {
    const people = must(customerPeople.get(c.customer.key), c.customer.key);
    const ses = must(resellerSEs.get(c.reseller), c.reseller);
    const nth = seenCustomer.get(c.customer.key) ?? 0;
    seenCustomer.set(c.customer.key, nth + 1);
    const add = (p: Person, role: ServiceUser['role']): void => {
      serviceUsers.push({ ...p, supportId: c.supportId, role });
    };
    add(at(people, 0), 'admin');
    const seDeputy = i % 3 === 1;
    if (seDeputy) {
      add(at(ses, i % 2), 'deputy');
      add(at(people, 1), 'member');
    } else {
      add(at(people, 1), 'deputy');
    }
    // Members: the customer's others (the second contract of a customer lists the last one only).
    const others = people.slice(2);
    const members = nth === 0 ? others : others.slice(-1);
    for (const m of members) add(m, 'member');
    // The other SE is a plain member on every fifth contract.
    if (i % 5 === 0) add(at(ses, (i + 1) % 2), 'member');
  });
}

// Issued pack serials: 2,000, spread over the pack models.
interface Serial {
  readonly serial: string;
  readonly model: string;
}
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const serials: Serial[] = [];
{
  const rng = new Rng(0x5e71_a100);
  const seen = new Set<string>();
  for (const pm of PACK_MODELS) {
    for (let i = 0; i < pm.serials; i++) {
      let s: string;
      do s = `${pm.prefix}${rng.chars(2, ALNUM)}-${rng.digits(6)}`;
      while (seen.has(s));
      seen.add(s);
      serials.push({ serial: s, model: pm.model });
    }
  }
}
const serialsSorted = [...serials].sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));

// =============================================================================================
// 2. Upload rows
// =============================================================================================

interface UploadRow {
  supportId: string;
  packModel: string;
  packSerial: string;
  productModel: string;
  productSerial: string;
  start: Ymd | null;
  /** Service start as written when not a date (or a deliberately bad one). */
  startText: string;
  startStyle: DateStyle;
  end: Ymd | null;
  siteName: string;
  postal: string;
  address: string;
  building: string;
  phone: string;
  options: string;
  label: string;
  remarks: string;
}

const upRng = new Rng(0x0b10_ad00);

/** Serials not yet handed out, per model (in a shuffled order). */
const freeSerials = new Map<string, string[]>();
for (const pm of PACK_MODELS) {
  freeSerials.set(pm.model, upRng.shuffle(serials.filter((s) => s.model === pm.model).map((s) => s.serial)));
}
function takeSerial(model: string): string {
  const list = must(freeSerials.get(model), model);
  const s = list.pop();
  if (s === undefined) throw new Error(`no serial left for ${model}`);
  return s;
}

const rs001Active = contracts.filter((c) => c.reseller === 'RS001' && c.status === 'active');
const rs001Expired = contracts.filter((c) => c.reseller === 'RS001' && c.status === 'expired');
assert(rs001Active.length === 12 && rs001Expired.length === 2, 'RS001 has 12 active and 2 expired contracts');

const usersOf = (sid: string): ServiceUser[] => serviceUsers.filter((u) => u.supportId === sid);
const userWithRole = (sid: string, role: ServiceUser['role']): ServiceUser =>
  must(
    usersOf(sid).find((u) => u.role === role),
    `${role} of ${sid}`,
  );

/** Sites per support ID: the customer's sites, with fixed street numbers and buildings. */
interface Site {
  readonly name: string;
  readonly postal: string;
  readonly address: string;
  readonly building: string;
  readonly phone: string;
}
const sitesBySid = new Map<string, Site[]>();
for (const c of contracts) {
  sitesBySid.set(
    c.supportId,
    c.customer.sites.map(([name, pk]) => {
      const p = place(pk);
      return { name, postal: p.postal, address: `${p.town}${streetNumber(upRng)}`, building: buildingName(upRng, upRng.pick(BUILDING_BASES)), phone: phone(upRng, p.area) };
    }),
  );
}

const OPTION_MODELS = ['OPT-MEM-16G', 'OPT-MEM-32G', 'OPT-HDD-1T', 'OPT-HDD-2T', 'OPT-SSD-480G', 'OPT-NIC-10G', 'OPT-RAID-2G', 'OPT-FC-32G'];

function optionsCell(rng: Rng, allowNewline: boolean): string {
  const n = rng.int(1, 3);
  const chosen = rng.shuffle(OPTION_MODELS).slice(0, n);
  const entries = chosen.map((m) => {
    const q = rng.pick([1, 1, 2, 2, 4, 8]);
    if (q === 1 && rng.chance(0.6)) return m;
    return `${m}${rng.pick(['*', '*', 'x', '×'])}${q}`;
  });
  const sep = allowNewline && rng.chance(0.2) ? '\n' : rng.pick([';', ';', ';', '、']);
  return entries.join(sep);
}

function productSerial(rng: Rng, productModel: string): string {
  if (productModel.startsWith('PC-')) return `${rng.digits(2)}${rng.chars(1, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${rng.digits(5)}A`;
  return `${rng.chars(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${rng.digits(7)}`;
}

/** Products of a pack that are fine for service starts up to 2027-01-31. */
function validProducts(pack: PackModel): string[] {
  return PRODUCTS.filter((p) => eligibleFor(pack, p.model) && (p.eos === '' || p.eos >= '2027-02-01')).map((p) => p.model);
}

interface AppPlan {
  readonly contract: Contract;
  readonly rows: number;
  readonly recipient: ServiceUser;
  /** Weighted pack model choices for this customer. */
  readonly packs: readonly string[];
}

const PACK_MIX: Record<string, readonly string[]> = {
  servers: ['SP-HW-EXP-36M', 'SP-HW-EXP-36M', 'SP-HW-EXP-60M', 'SP-HW-EXP-12M', 'SP-HW-ISM-36M', 'SP-HW-UPS-60M', 'SP-SW-ESM-12M', 'SP-SW-CLP-60M', 'SB-UPS-60M', 'SB-SW-ESM-60M'],
  virtual: ['SB-EXP-VMW-36M', 'SP-HW-EXP-60M', 'SP-SW-VMW-12M', 'SP-SW-VMW-36M', 'SP-HW-ISM-36M', 'SP-HW-NW-12M'],
  mission: ['SP-HW-NX-36M', 'SP-HW-NX-36M', 'SP-HW-EXP-36M', 'SP-SW-CLP-60M', 'SP-HW-NW-12M'],
  office: ['SP-PC-STD-36M', 'SP-PC-STD-36M', 'SP-PC-ONS-60M', 'SP-PC-WS-12M', 'SP-HW-NW-12M', 'SP-HW-EXP-12M'],
  network: ['SP-HW-NW-12M', 'SP-HW-NW-12M', 'SP-HW-EXP-36M', 'SB-UPS-60M', 'SP-SW-ESM-12M'],
};

const START_STYLES_CSV: readonly DateStyle[] = ['slash', 'slash', 'slash', 'reiwa-kanji', 'reiwa-dot', 'kanji', 'reiwa-slash', 'iso'];

function makeRow(rng: Rng, plan: AppPlan, packModelCode: string, opts: { styles: readonly DateStyle[]; newlineOk: boolean; start: Ymd }): UploadRow {
  const pack = packModel(packModelCode);
  const sid = plan.contract.supportId;
  // Products with a near end of support are less common than current ones.
  const choices = validProducts(pack).flatMap((m) => (product(m).eos === '' || product(m).eos > '2030-01-01' ? [m, m, m] : [m]));
  const productModel = rng.pick(choices);
  const site = rng.pick(must(sitesBySid.get(sid), sid));
  const hw = pack.category === 'hardware' || (pack.category === 'bundle' && !productModel.startsWith('SW-'));
  const row: UploadRow = {
    supportId: sid,
    packModel: pack.model,
    packSerial: takeSerial(pack.model),
    productModel,
    productSerial: hw || (pack.category === 'pc' && rng.chance(0.7)) ? productSerial(rng, productModel) : '',
    start: opts.start,
    startText: '',
    startStyle: rng.pick(opts.styles),
    end: null,
    siteName: pack.site ? site.name : '',
    postal: pack.site ? site.postal : '',
    address: pack.site ? site.address : '',
    building: pack.site ? site.building : '',
    phone: pack.site && rng.chance(0.85) ? site.phone : '',
    options: pack.options && rng.chance(0.55) ? optionsCell(rng, opts.newlineOk) : '',
    label: pack.label ? plan.recipient.userId : '',
    remarks: '',
  };
  // Some rows name an explicit end: one year, which is always within the pack's term.
  if (rng.chance(0.15)) row.end = termEnd(opts.start, 12);
  return row;
}

function planApp(c: Contract, rows: number, mix: string, recipientRole: 'admin' | 'deputy'): AppPlan {
  return { contract: c, rows, recipient: userWithRole(c.supportId, recipientRole), packs: must(PACK_MIX[mix], mix) };
}

function startDates(rng: Rng): Ymd[] {
  // Applications usually share one or two start dates.
  const all: Ymd[] = [];
  for (let d = ymd(2026, 12, 1); iso(d) <= '2027-01-31'; d = addDays(d, 1)) all.push(d);
  return [rng.pick(all), rng.pick(all)];
}

function makeApp(rng: Rng, plan: AppPlan, styles: readonly DateStyle[], newlineOk: boolean): UploadRow[] {
  const [s1, s2] = startDates(rng);
  const out: UploadRow[] = [];
  for (let i = 0; i < plan.rows; i++) {
    const start = i % 4 === 3 ? must(s2, 's2') : must(s1, 's1');
    out.push(makeRow(rng, plan, rng.pick(plan.packs), { styles, newlineOk, start }));
  }
  return out;
}

const c = (i: number): Contract => at(rs001Active, i);

// --- demo-cp932.csv: 5 applications, 60 rows ------------------------------------------------
const csvRng = new Rng(0xc5f9_3200);
const csvPlans: AppPlan[] = [
  planApp(c(0), 14, 'servers', 'admin'), // 青葉製作所 生産管理
  planApp(c(2), 10, 'mission', 'deputy'), // 髙田精機
  planApp(c(3), 12, 'virtual', 'admin'), // さくら会
  planApp(c(4), 13, 'office', 'deputy'), // 東和学園
  planApp(c(5), 11, 'network', 'admin'), // みどり市役所
];
const csvRows: UploadRow[] = csvPlans.flatMap((p) => makeApp(csvRng, p, START_STYLES_CSV, true));
assert(csvRows.length === 60, 'the CSV has 60 rows');
// Hand-made touches: remarks (one with the wave dash), full-width typing.
{
  const first = (pred: (r: UploadRow) => boolean, what: string): UploadRow => must(csvRows.find(pred), what);
  first((r) => packModel(r.packModel).category === 'hardware', 'hardware row').remarks = '12/1〜12/3 搬入・設置予定';
  first((r) => r.packModel === 'SP-HW-NX-36M', 'NX row').remarks = 'NX案件：登録確認に時間を要する旨お客さま了承済';
  first((r) => r.packModel.startsWith('SB-EXP-VMW'), 'bundle row').remarks = 'vSphere ライセンス証書は別途郵送';
  const sakura = first((r) => r.supportId === c(3).supportId && r.label !== '', 'さくら会 row');
  sakura.remarks = `${c(3).customer.name}様 ご担当：${userWithRole(c(3).supportId, 'admin').name}様（㈱サンプル情報システム 営業部）`;
  first((r) => r.supportId === c(5).supportId && r.address !== '', 'みどり市 row').remarks = '年末年始 12/29〜1/3 は庁舎立入不可';
  first((r) => r.packModel.startsWith('SP-PC-'), 'PC row').remarks = '既設PCの保守切替（旧パック満了分）';
  // A user typing with the IME in full-width mode: NFKC makes these the usual codes.
  const fw = first((r) => r.phone !== '' && r.postal !== '' && r.supportId === c(0).supportId, 'full-width row');
  fw.postal = `〒${toFullWidth(fw.postal)}`;
  fw.phone = toFullWidth(fw.phone);
}

// --- demo.xlsx: 3 other applications, 40 rows -----------------------------------------------
const xlsxRng = new Rng(0x71_5e_e000);
const xlsxPlans: AppPlan[] = [
  planApp(c(6), 14, 'servers', 'admin'), // ひまわり物流
  planApp(c(9), 13, 'virtual', 'deputy'), // 北斗フーズ 仮想化基盤
  planApp(c(10), 13, 'mission', 'admin'), // 東邦ケミカル
];
const xlsxRows: UploadRow[] = xlsxPlans.flatMap((p) => makeApp(xlsxRng, p, ['slash', 'iso', 'kanji', 'reiwa-kanji', 'reiwa-dot'], true));
assert(xlsxRows.length === 40, 'the XLSX has 40 rows');
must(xlsxRows.find((r) => r.packModel === 'SP-HW-EXP-60M' || r.packModel === 'SP-HW-EXP-36M'), 'xlsx EXP row').remarks = 'ラック U12〜U14 に設置';
must(xlsxRows.find((r) => r.packModel.startsWith('SP-SW-VMW')), 'xlsx VMware row').remarks = 'vSphere ライセンスキー別送';
must(xlsxRows.find((r) => r.packModel === 'SP-HW-NX-36M'), 'xlsx NX row').remarks = '本番切替 1/15 予定（NX登録確認中は設置場所変更不可）';

function toFullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/-/g, '－');
}

// --- demo-mistakes.csv ----------------------------------------------------------------------
interface MistakeRow extends UploadRow {
  expect: string;
  note: string;
}

const misRng = new Rng(0x0bad_f00d);
const mA = c(7); // 山﨑商店
const mB = c(8); // 北斗フーズ 受発注
const mC = c(11); // つばさトラベル
const mD = c(1); // 青葉製作所 基幹業務
const mOk = c(3); // さくら会 (also in the CSV: a separate application per file)
const otherReseller = must(
  contracts.find((x) => x.reseller === 'RS002' && x.status === 'active'),
  'RS002 active contract',
);
const expired = at(rs001Expired, 0);
let unknownSid = '';
do unknownSid = `39${misRng.digits(7)}`;
while (supportIds.has(unknownSid));

const planA = planApp(mA, 0, 'servers', 'admin');
const planB = planApp(mB, 0, 'servers', 'deputy');
const planC = planApp(mC, 0, 'servers', 'admin');
const planD = planApp(mD, 0, 'servers', 'admin');
const planOk = must(csvPlans[2], 'csv plan 3');
const MIS_START = ymd(2026, 12, 15);

function misRow(plan: AppPlan, pack: string, expect: string, note: string, tweak: (r: MistakeRow) => void = () => undefined): MistakeRow {
  const base = makeRow(misRng, plan, pack, { styles: ['slash', 'reiwa-dot', 'reiwa-kanji'], newlineOk: false, start: MIS_START });
  base.end = null;
  base.options = '';
  const r: MistakeRow = { ...base, expect, note };
  tweak(r);
  return r;
}

const dupSerial = takeSerial('SP-HW-EXP-36M');
const notIssued = (() => {
  let s: string;
  do s = `HE3${misRng.chars(2, ALNUM)}-${misRng.digits(6)}`;
  while (serials.some((x) => x.serial === s));
  return s;
})();
const memberOfC = userWithRole(mC.supportId, 'member');
const strangerForD = userWithRole(mA.supportId, 'admin');
assert(!usersOf(mD.supportId).some((u) => u.userId === strangerForD.userId), 'the stranger does not serve mD');

const mistakes: MistakeRow[] = [
  misRow(planA, 'SP-SW-ESM-12M', 'SUPPORT_ID_UNKNOWN', 'サポートIDが存在しない / no such support ID', (r) => {
    r.supportId = unknownSid;
  }),
  misRow(planA, 'SP-SW-ESM-12M', 'SUPPORT_ID_UNKNOWN', `他の販売店（${otherReseller.reseller}）のサポートID / another reseller's support ID`, (r) => {
    r.supportId = otherReseller.supportId;
  }),
  misRow(planA, 'SP-SW-ESM-12M', 'CONTRACT_INACTIVE', '契約が expired / expired contract', (r) => {
    r.supportId = expired.supportId;
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PACK_MODEL_UNKNOWN', '型番の打ち間違い（24ヶ月は存在しない） / pack model does not exist (serial is a real SP-HW-EXP-36M one)', (r) => {
    r.packModel = 'SP-HW-EXP-24M';
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PACK_SERIAL_UNKNOWN', '発行されていないシリアル / serial never issued', (r) => {
    r.packSerial = notIssued;
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PACK_SERIAL_MODEL_MISMATCH', 'SP-HW-EXP-60M のシリアルを 36M の行に記入 / serial issued for SP-HW-EXP-60M', (r) => {
    r.packSerial = takeSerial('SP-HW-EXP-60M');
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PACK_SERIAL_DUPLICATE', '同じシリアルが2行（1件目） / same serial twice (1st)', (r) => {
    r.packSerial = dupSerial;
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PACK_SERIAL_DUPLICATE', '同じシリアルが2行（2件目） / same serial twice (2nd)', (r) => {
    r.packSerial = dupSerial;
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PRODUCT_NOT_ELIGIBLE', 'サーバ用パックにPCを指定 / a PC under a server pack', (r) => {
    r.productModel = 'PC-MATE-ML';
  }),
  misRow(planA, 'SP-HW-EXP-36M', 'PRODUCT_END_OF_SUPPORT', 'EXP-5800-R110 は 2026-09-30 でサポート終了 / product support ended 2026-09-30', (r) => {
    r.productModel = 'EXP-5800-R110';
  }),
  misRow(planB, 'SP-HW-EXP-12M', 'SERVICE_START_RANGE', 'サービス開始日が取込日の90日以上前 / start more than 90 days before the import date', (r) => {
    r.start = ymd(2026, 4, 1);
    r.startStyle = 'slash';
  }),
  misRow(planB, 'SP-HW-EXP-12M', 'REQUIRED', '設置場所が必要なパックで郵便番号が空 / postal code missing (field site_postal_code)', (r) => {
    r.postal = '';
  }),
  misRow(planB, 'SP-HW-EXP-12M', 'POSTAL_CODE_FORMAT', '郵便番号が6桁 / postal code with 6 digits', (r) => {
    r.remarks = '郵便番号は旧住所のメモから転記';
  }),
  misRow(planB, 'SP-HW-EXP-12M', 'PHONE_FORMAT', '電話番号の桁不足（9桁） / phone with 9 digits', (r) => {
    r.remarks = '電話番号は現地確認中';
  }),
  misRow(planB, 'SP-HW-EXP-12M', 'OPTIONS_FORMAT', 'オプションの書式誤り（** と空の数量） / bad option syntax', (r) => {
    r.options = 'OPT-MEM-16G**2;OPT-HDD-1T*';
  }),
  misRow(planB, 'SP-HW-EXP-12M', 'OPTIONS_QUANTITY', 'オプション数量 150（1〜99） / option quantity 150', (r) => {
    r.options = 'OPT-MEM-16G*2;OPT-HDD-1T*150';
  }),
  misRow(planB, 'SP-HW-NW-12M', 'OPTIONS_NOT_ALLOWED', 'オプション不可のパックにオプション / options on a pack without options', (r) => {
    r.options = 'OPT-NIC-10G';
  }),
  misRow(planB, 'SP-SW-ESM-12M', 'DATE_FORMAT', '年のない日付 / date without a year', (r) => {
    r.start = null;
    r.startText = '4月1日';
  }),
  misRow(planC, 'SP-HW-EXP-36M', 'LABEL_RECIPIENT_ROLE', `ラベル送付先が member（${memberOfC.userId}） / label recipient is a member`, (r) => {
    r.label = memberOfC.userId;
  }),
  misRow(planD, 'SP-HW-EXP-36M', 'LABEL_RECIPIENT_UNKNOWN', `ラベル送付先が別サポートIDの利用者（${strangerForD.userId}） / recipient serves another support ID`, (r) => {
    r.label = strangerForD.userId;
  }),
  // Fully valid rows (one application on its own support ID).
  misRow(planOk, 'SP-HW-EXP-36M', '(valid)', '正常 / valid'),
  misRow(planOk, 'SP-HW-ISM-36M', '(valid) END_CLAMPED', 'サービス終了日が製品サポート終了（ISM-M120: 2027-09-30）を超える / end clamped to 2027-09-30', (r) => {
    r.productModel = 'ISM-M120';
    r.end = termEnd(MIS_START, 36);
  }),
  misRow(planOk, 'SP-HW-EXP-36M', '(valid) ADDRESS_NO_NUMBER', '住所に番地なし / address without a street number', (r) => {
    r.address = r.address.replace(/[0-9].*$/, ''); // the town alone, e.g. 千葉県千葉市中央区富士見
    r.building = '';
  }),
  misRow(planOk, 'SP-SW-VMW-12M', '(valid) MANUAL_REVIEW', 'VMware は登録確認あり（pending_review） / VMware needs review', (r) => {
    r.productModel = 'VMW-VSPHERE-STD';
  }),
];
// Keep the valid rows valid whatever the PRNG picked for them.
for (const r of mistakes.filter((m) => m.expect.startsWith('(valid)'))) {
  if (r.packModel === 'SP-HW-EXP-36M' && !validProducts(packModel(r.packModel)).includes(r.productModel)) r.productModel = 'EXP-5800-R120';
}
{
  // Postal code and phone mistakes are made from the site's real values.
  const postalRow = must(
    mistakes.find((m) => m.expect === 'POSTAL_CODE_FORMAT'),
    'postal row',
  );
  postalRow.postal = postalRow.postal.slice(0, 7); // "123-456"
  const phoneRow = must(
    mistakes.find((m) => m.expect === 'PHONE_FORMAT'),
    'phone row',
  );
  const phoneSite = must(
    must(sitesBySid.get(phoneRow.supportId), 'sites').find((x) => x.name === phoneRow.siteName),
    'phone site',
  );
  phoneRow.phone = phoneSite.phone.slice(0, -1); // one digit short
  const rangeRow = must(
    mistakes.find((m) => m.expect === 'SERVICE_START_RANGE'),
    'range row',
  );
  rangeRow.remarks = '旧契約の開始日をそのまま記入';
}
// The END_CLAMPED row's product must be ISM-M120 (eligible, EOS 2027-09-30).
assert(eligibleFor(packModel('SP-HW-ISM-36M'), 'ISM-M120'), 'ISM-M120 eligible');

// =============================================================================================
// 3. Writing
// =============================================================================================

const UPLOAD_HEADERS_JA = [
  'サポートID', '型番', '製品シリアルNo.', '対象製品型番', '対象製品シリアルNo.', 'サービス開始日', 'サービス終了日',
  '設置場所名', '郵便番号', '住所', 'ビル名', '電話番号', 'オプション機器', '機器管理ラベル送付先', '備考',
];
/** The XLSX uses the alternative Japanese names of SPEC §3. */
const UPLOAD_HEADERS_XLSX = [
  'サポートID', 'サポートパック型番', 'シリアル番号', '対象製品型番', '号機番号', 'サービス開始日', 'サービス終了日',
  '設置場所名', '郵便番号', '設置場所住所', 'ビル名', '電話番号', 'オプション機器', '機器管理ラベル送付先', '備考',
];

function startCell(r: UploadRow): string {
  return r.start ? formatDate(r.start, r.startStyle) : r.startText;
}

function rowCells(r: UploadRow, endStyle: DateStyle): string[] {
  return [
    r.supportId, r.packModel, r.packSerial, r.productModel, r.productSerial, startCell(r), r.end ? formatDate(r.end, endStyle) : '',
    r.siteName, r.postal, r.address, r.building, r.phone, r.options, r.label, r.remarks,
  ];
}

/** Characters Windows writes differently in CP932 (iconv-lite maps the JIS code points to '?'). */
function toWindowsJapanese(s: string): string {
  return s
    .replace(/\u301c/g, '\uff5e') // WAVE DASH → FULLWIDTH TILDE (what the IME types; 0x8160)
    .replace(/\u2212/g, '\uff0d') // MINUS SIGN → FULLWIDTH HYPHEN-MINUS (0x817C)
    .replace(/\u2016/g, '\u2225') // DOUBLE VERTICAL LINE → PARALLEL TO (0x8161)
    .replace(/\u00a2/g, '\uffe0')
    .replace(/\u00a3/g, '\uffe1')
    .replace(/\u00ac/g, '\uffe2');
}

function encodeCp932(text: string): Buffer {
  const win = toWindowsJapanese(text);
  const bytes = iconv.encode(win, 'cp932');
  assert(iconv.decode(bytes, 'cp932') === win, 'every character survives CP932');
  return bytes;
}

/**
 * exceljs stamps every zip entry with the current time; set them all to 2026-11-25 00:00 so the
 * workbook is byte-identical on every run. Walks the central directory (no guessing at
 * signatures inside compressed data) and patches the DOS time/date of each entry and of its
 * local header. Timestamps are not covered by the CRC.
 */
function fixZipTimes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const dosTime = 0;
  const dosDate = ((2026 - 1980) << 9) | (11 << 5) | 25;
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert(eocd >= 0, 'xlsx has an end of central directory record');
  const count = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    assert(out.readUInt32LE(p) === 0x02014b50, 'central directory entry');
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    assert(out.readUInt32LE(local) === 0x04034b50, 'local file header');
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

async function main(): Promise<void> {
  rmSync(REF_DIR, { recursive: true, force: true });
  rmSync(UP_DIR, { recursive: true, force: true });
  mkdirSync(REF_DIR, { recursive: true });
  mkdirSync(UP_DIR, { recursive: true });

  const b = (v: boolean): string => (v ? 'true' : 'false');
  const writeRef = (file: string, rows: string[][]): void => writeFileSync(path.join(REF_DIR, file), csvText(rows, '\n'), 'utf8');

  writeRef('resellers.csv', [['reseller_code', 'name'], ...RESELLERS.map((r) => [r.code, r.name])]);
  writeRef('contracts.csv', [
    ['support_id', 'customer_name', 'system_name', 'reseller_code', 'status'],
    ...contracts.map((x) => [x.supportId, x.customer.name, x.system, x.reseller, x.status]),
  ]);
  writeRef('service_users.csv', [
    ['user_id', 'support_id', 'role', 'name', 'email', 'postal_code', 'address', 'building', 'phone'],
    ...serviceUsers.map((u) => [u.userId, u.supportId, u.role, u.name, u.email, u.postal, u.address, u.building, u.phone]),
  ]);
  writeRef('products.csv', [['model', 'name', 'end_of_support'], ...PRODUCTS.map((p) => [p.model, p.name, p.eos])]);
  writeRef('pack_models.csv', [
    ['model', 'name', 'category', 'term_months', 'requires_site', 'requires_label', 'options_allowed', 'manual_review', 'eligible_products'],
    ...PACK_MODELS.map((p) => [p.model, p.name, p.category, String(p.term), b(p.site), b(p.label), b(p.options), b(p.review), p.eligible.join('|')]),
  ]);
  writeRef('pack_serials.csv', [['serial', 'pack_model'], ...serialsSorted.map((s) => [s.serial, s.model])]);

  // --- demo-cp932.csv: what Japanese Excel writes for "CSV (コンマ区切り)" ---------------------
  {
    const width = UPLOAD_HEADERS_JA.length;
    const padRow = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
    const rows: string[][] = [
      padRow(['サポートパック登録依頼一覧', '', '', `販売店：${at(RESELLERS, 0).name}（RS001）`, '', '', '作成日：2026/11/25']),
      padRow([]),
      UPLOAD_HEADERS_JA,
      ...csvRows.map((r) => rowCells(r, 'slash')),
    ];
    // Excel writes CRLF between records and a bare LF inside a quoted cell.
    writeFileSync(path.join(UP_DIR, 'demo-cp932.csv'), encodeCp932(csvText(rows, '\r\n')));
  }

  // --- demo.xlsx -------------------------------------------------------------------------
  {
    const wb = new ExcelJS.Workbook();
    wb.creator = at(RESELLERS, 0).name;
    wb.created = new Date(Date.UTC(2026, 10, 25, 0, 0, 0));
    wb.modified = wb.created;
    const ws = wb.addWorksheet('登録依頼');
    ws.addRow(UPLOAD_HEADERS_XLSX);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    const widths = [12, 18, 16, 18, 14, 14, 14, 30, 10, 40, 26, 15, 36, 20, 30];
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    xlsxRows.forEach((r, i) => {
      // Empty cells stay empty (Excel stores no cell for them).
      const cells: (string | number | Date | null)[] = rowCells(r, 'slash').map((v) => (v === '' ? null : v));
      // Support IDs: a numeric cell in every other application row.
      if (i % 2 === 0) cells[0] = Number(r.supportId);
      // Service start: a real date cell in about half the rows, text otherwise.
      const dateCell = r.start !== null && i % 3 !== 1;
      if (dateCell && r.start) cells[5] = new Date(Date.UTC(r.start.y, r.start.m - 1, r.start.d));
      if (r.end && i % 2 === 0) cells[6] = new Date(Date.UTC(r.end.y, r.end.m - 1, r.end.d));
      const row = ws.addRow(cells);
      if (dateCell) row.getCell(6).numFmt = 'yyyy/m/d';
      if (cells[6] instanceof Date) row.getCell(7).numFmt = 'yyyy/m/d';
      if (r.options.includes('\n')) row.getCell(13).alignment = { wrapText: true };
    });
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    writeFileSync(path.join(UP_DIR, 'demo.xlsx'), fixZipTimes(xlsx));
  }

  // --- demo-mistakes.csv (UTF-8 with BOM) ------------------------------------------------
  {
    const rows = [UPLOAD_HEADERS_JA, ...mistakes.map((r) => rowCells(r, 'slash'))];
    writeFileSync(path.join(UP_DIR, 'demo-mistakes.csv'), '\ufeff' + csvText(rows, '\r\n'), 'utf8');
  }

  selfCheck();
  writeFileSync(path.join(FIXTURES, 'README.md'), readme(), 'utf8');

  const sizes = readdirSync(REF_DIR).map((f) => f);
  console.log(`fixtures written: reference/${sizes.join(', reference/')}; uploads/demo-cp932.csv (${csvRows.length} rows), uploads/demo.xlsx (${xlsxRows.length} rows), uploads/demo-mistakes.csv (${mistakes.length} rows); README.md`);
}

// =============================================================================================
// 4. Self-check: the numbers add up
// =============================================================================================

function selfCheck(): void {
  const serialModel = new Map(serials.map((s) => [s.serial, s.model]));
  assert(serials.length === 2000 && serialModel.size === 2000, '2,000 distinct serials');
  for (const s of serials) assert(/^[A-Z0-9-]+$/.test(s.serial), `serial charset ${s.serial}`);
  for (const p of [...PRODUCTS.map((x) => x.model), ...PACK_MODELS.map((x) => x.model)]) assert(/^[A-Z0-9-]+$/.test(p), `model charset ${p}`);
  assert(new Set(PACK_MODELS.map((p) => p.category)).size === 4, 'every category');
  assert(new Set(PACK_MODELS.map((p) => p.term)).size === 3, 'terms 12/36/60');
  assert(!PACK_MODELS.some((p) => p.category === 'pc' && p.label), 'no PC pack needs a label');
  for (const pm of PACK_MODELS) assert(validProducts(pm).length > 0, `${pm.model} has an eligible product`);
  const roles = new Map<string, Set<string>>();
  for (const u of serviceUsers) {
    const set = roles.get(u.supportId) ?? new Set<string>();
    set.add(u.role);
    roles.set(u.supportId, set);
  }
  for (const x of contracts) assert(roles.get(x.supportId)?.size === 3, `${x.supportId} has admin, deputy and member`);
  const pairs = new Set(serviceUsers.map((u) => `${u.userId}|${u.supportId}`));
  assert(pairs.size === serviceUsers.length, 'one row per user and support ID');
  assert(new Set(serviceUsers.map((u) => u.userId)).size < serviceUsers.length, 'some users serve several support IDs');
  for (const u of serviceUsers) {
    assert(/^\d{3}-\d{4}$/.test(u.postal), `postal ${u.postal}`);
    assert(/^[\d-]+$/.test(u.phone) && [10, 11].includes(u.phone.replace(/-/g, '').length), `phone ${u.phone}`);
  }

  const contractOf = new Map(contracts.map((x) => [x.supportId, x]));
  const checkValid = (r: UploadRow, where: string): void => {
    const ctx = `${where} ${r.packSerial}`;
    const pm = packModel(r.packModel);
    assert(serialModel.get(r.packSerial) === r.packModel, `${ctx}: serial issued for its model`);
    const ct = must(contractOf.get(r.supportId), r.supportId);
    assert(ct.reseller === 'RS001' && ct.status === 'active', `${ctx}: active RS001 contract`);
    assert(eligibleFor(pm, r.productModel), `${ctx}: eligible product`);
    const eos = product(r.productModel).eos;
    assert(r.start !== null && iso(r.start) >= '2026-12-01' && iso(r.start) <= '2027-01-31', `${ctx}: start in range`);
    assert(eos === '' || iso(must(r.start ?? undefined, 'start')) <= eos, `${ctx}: start within product support`);
    if (r.end && r.start) assert(iso(r.end) <= iso(termEnd(r.start, pm.term)), `${ctx}: end within term`);
    if (pm.category === 'hardware') assert(r.productSerial !== '', `${ctx}: product serial`);
    if (pm.site) assert(r.postal !== '' && r.address !== '', `${ctx}: site`);
    if (!pm.site) assert(r.postal === '' && r.address === '', `${ctx}: no site on a site-less pack`);
    if (!pm.options) assert(r.options === '', `${ctx}: options only where allowed`);
    if (pm.label) {
      const u = usersOf(r.supportId).find((x) => x.userId === r.label);
      assert(u !== undefined && (u.role === 'admin' || u.role === 'deputy'), `${ctx}: label recipient is admin/deputy`);
    } else assert(r.label === '', `${ctx}: no recipient on a label-less pack`);
  };
  csvRows.forEach((r) => checkValid(r, 'csv'));
  xlsxRows.forEach((r) => checkValid(r, 'xlsx'));
  mistakes.filter((m) => m.expect.startsWith('(valid)')).forEach((r) => checkValid(r, 'mistakes'));
  // One recipient per application and file.
  for (const rows of [csvRows, xlsxRows, mistakes]) {
    const rec = new Map<string, Set<string>>();
    for (const r of rows) if (r.label !== '') rec.set(r.supportId, (rec.get(r.supportId) ?? new Set<string>()).add(r.label));
    for (const [sid, set] of rec) assert(set.size === 1, `one label recipient for ${sid}`);
  }
  // No serial shared between files; only the deliberate duplicate inside the mistakes file.
  const all = [...csvRows, ...xlsxRows, ...mistakes].map((r) => r.packSerial);
  const dups = all.filter((s, i) => all.indexOf(s) !== i);
  assert(dups.length === 1 && dups[0] === dupSerial, 'only the deliberate duplicate');
  // Every category shows up in the valid uploads, and every option only on options_allowed packs.
  const cats = new Set([...csvRows, ...xlsxRows].map((r) => packModel(r.packModel).category));
  assert(cats.size === 4, `every category in the uploads (${[...cats].join(',')})`);
  assert([...csvRows, ...xlsxRows].some((r) => r.options !== ''), 'some options');
  assert([...csvRows, ...xlsxRows].some((r) => packModel(r.packModel).review), 'some manual-review rows');
}

// =============================================================================================
// 5. README
// =============================================================================================

function readme(): string {
  const lines: string[] = [];
  const p = (s = ''): void => {
    lines.push(s);
  };
  const contractLine = (x: Contract): string => `\`${x.supportId}\` ${x.customer.name} / ${x.system} (${x.status})`;
  p('# Demo fixtures');
  p();
  p('Generated by `scripts/makeDemoFixtures.ts` — do not edit by hand. Regenerate with');
  p();
  p('```sh');
  p('npx tsx scripts/makeDemoFixtures.ts');
  p('```');
  p();
  p('The generator uses a seeded PRNG (no `Math.random`), so the output is byte-identical on every run');
  p('(the XLSX too: its creation date is fixed). It checks its own output before writing this file');
  p('(every uploaded serial is issued for the row\'s pack model, every valid row\'s contract is an active');
  p('RS001 contract, products are eligible and supported, label recipients are admin/deputy, …).');
  p();
  p(`**Dates assume the import runs on ${DEMO_IMPORT_DATE} (Asia/Tokyo).** Service starts are 2026-12-01 … 2027-01-31;`);
  p('on another day set the import date (SPEC §4: configurable, injectable) or `SERVICE_START_RANGE` will fire.');
  p();
  p('```sh');
  p('npx packreg reference load fixtures/reference');
  p('npx packreg import fixtures/uploads/demo-cp932.csv --reseller RS001 --report /tmp/demo.json');
  p('```');
  p();
  p('## reference/ (SPEC §2, UTF-8, LF, header row)');
  p();
  p('| file | rows | notes |');
  p('|---|---|---|');
  p(`| resellers.csv | ${RESELLERS.length} | ${RESELLERS.map((r) => `${r.code} ${r.name}`).join('; ')} |`);
  p(`| contracts.csv | ${contracts.length} | ${RESELLERS.map((r) => `${r.code}: ${contracts.filter((x) => x.reseller === r.code).length} (${contracts.filter((x) => x.reseller === r.code && x.status === 'expired').length} expired)`).join(', ')}; a system name with a comma and one with double quotes (quoted fields) |`);
  p(`| service_users.csv | ${serviceUsers.length} | ${new Set(serviceUsers.map((u) => u.userId)).size} distinct users; every contract has an admin, a deputy and members; a customer's admin serves all its contracts; each reseller's SEs are deputy/member on several contracts |`);
  p(`| products.csv | ${PRODUCTS.length} | end of support: ${PRODUCTS.filter((x) => x.eos === '').length} none, ${PRODUCTS.filter((x) => x.eos !== '' && x.eos >= DEMO_IMPORT_DATE && x.eos <= '2028-11-25').length} within two years, ${PRODUCTS.filter((x) => x.eos !== '' && x.eos < DEMO_IMPORT_DATE).length} already past, ${PRODUCTS.filter((x) => x.eos > '2028-11-25').length} later |`);
  p(`| pack_models.csv | ${PACK_MODELS.length} | every category; terms 12/36/60; manual review: ${PACK_MODELS.filter((x) => x.review).map((x) => `\`${x.model}\``).join(', ')} |`);
  p(`| pack_serials.csv | ${serials.length} | ${PACK_MODELS.map((x) => `${x.model} ${x.serials}`).join(', ')} |`);
  p();
  p('Products and their end of support:');
  p();
  p('| model | end_of_support |');
  p('|---|---|');
  for (const x of PRODUCTS) p(`| ${x.model} | ${x.eos === '' ? '—' : x.eos}${x.eos !== '' && x.eos < DEMO_IMPORT_DATE ? ' (past)' : x.eos !== '' && x.eos <= '2028-11-25' ? ' (within 2 years)' : ''} |`);
  p();
  p('Pack models:');
  p();
  p('| model | category | term | site | label | options | review | eligible |');
  p('|---|---|---|---|---|---|---|---|');
  for (const x of PACK_MODELS) p(`| ${x.model} | ${x.category} | ${x.term} | ${x.site} | ${x.label} | ${x.options} | ${x.review} | \`${x.eligible.join('|')}\` |`);
  p();
  p('Contracts by reseller:');
  p();
  for (const r of RESELLERS) {
    p(`- **${r.code}** ${r.name}`);
    for (const x of contracts.filter((y) => y.reseller === r.code)) p(`  - ${contractLine(x)}`);
  }
  p();
  p('## uploads/ (reseller RS001)');
  p();
  const appTable = (plans: readonly AppPlan[], rows: readonly UploadRow[], firstRow: number): void => {
    p('| support ID | customer / system | rows | label recipient | admin / deputy of the support ID |');
    p('|---|---|---|---|---|');
    for (const pl of plans) {
      const sid = pl.contract.supportId;
      const mine = rows.map((r, i) => ({ r, n: i + firstRow })).filter((x) => x.r.supportId === sid);
      const label = mine.some((x) => x.r.label !== '') ? `\`${pl.recipient.userId}\` (${pl.recipient.role})` : '— (no pack needs one)';
      const first = must(mine[0], 'row').n;
      const last = must(mine[mine.length - 1], 'row').n;
      p(`| \`${sid}\` | ${pl.contract.customer.name} / ${pl.contract.system} | ${first}–${last} | ${label} | admin \`${userWithRole(sid, 'admin').userId}\`, deputy \`${userWithRole(sid, 'deputy').userId}\` |`);
    }
  };
  const summary = (rows: readonly UploadRow[]): string => {
    const review = rows.filter((r) => packModel(r.packModel).review).length;
    const clamp = rows.filter((r) => {
      if (!r.start) return false;
      const eos = product(r.productModel).eos;
      const end = r.end ?? termEnd(r.start, packModel(r.packModel).term);
      return eos !== '' && iso(end) > eos;
    }).length;
    return `${review} rows need manual review (\`MANUAL_REVIEW\` warning, \`pending_review\`); ${clamp} rows get \`END_CLAMPED\` (product support ends before the service end).`;
  };
  p('### demo-cp932.csv');
  p();
  p('As Japanese Excel saves "CSV (コンマ区切り)": CP932 bytes, CRLF, no BOM, every record padded with');
  p('commas to the sheet width, a title row (row 1) and a blank row (row 2) above the header (row 3);');
  const multiLine = csvRows.map((r, i) => (r.options.includes('\n') ? i + 4 : 0)).filter((n) => n > 0);
  const waveRows = csvRows.map((r, i) => (r.remarks.includes('〜') ? i + 4 : 0)).filter((n) => n > 0);
  const fwRow = csvRows.findIndex((r) => r.postal.startsWith('〒')) + 4;
  p(`data in rows 4–${csvRows.length + 3} (${csvRows.length} records). Rows ${multiLine.join(', ')} hold an option list typed with Alt+Enter:`);
  p('Excel quotes the cell and writes a bare LF inside it — still one row each. ①/㈱/髙/﨑 appear in site names,');
  p(`buildings and remarks; the remarks of rows ${waveRows.join(' and ')} hold the wave dash 〜 (written as CP932 0x8160, which`);
  p('decodes to U+FF5E FULLWIDTH TILDE, as on Windows; iconv-lite cannot encode U+301C, so the generator maps it first).');
  p(`Row ${fwRow} has its postal code and phone typed in full width (\`${csvRows[fwRow - 4]?.postal ?? ''}\`, \`${csvRows[fwRow - 4]?.phone ?? ''}\`), which`);
  p('normalisation turns into ordinary codes. Service starts are written `2026/12/1`, `令和8年12月1日`, `R8.12.15`, `R8/12/1`,');
  p('`2026年12月1日` and `2026-12-01`; service ends (a few rows) as `2027/11/30`.');
  p();
  p('Every row is valid; all five applications should commit. ' + summary(csvRows));
  p();
  appTable(csvPlans, csvRows, 4);
  p();
  p('### demo.xlsx');
  p();
  p('One sheet `登録依頼`, header in row 1 using the alternative Japanese names (サポートパック型番, シリアル番号,');
  p(`号機番号, 設置場所住所), data in rows 2–${xlsxRows.length + 1}. Support IDs are numeric cells in every other row; service start is a`);
  p('real date cell (format `yyyy/m/d`) in two rows out of three and text in the others; some service ends are date cells.');
  p('No serial is shared with the CSV. Every row is valid. ' + summary(xlsxRows));
  p();
  appTable(xlsxPlans, xlsxRows, 2);
  p();
  p('### demo-mistakes.csv');
  p();
  p('UTF-8 with BOM, CRLF, header in row 1. Each row carries one deliberate mistake (the code it is meant');
  p('to trigger is below; an implementation may add follow-on findings, e.g. a row with an unknown pack model');
  p('cannot have its product checked). Rows 22–25 are valid and form their own application; rows on the');
  p(`support IDs of the mistakes are \`held\` under the default \`--atomicity application\`. Serials are not used by the other files.`);
  p();
  p('| row | support ID | pack model | expected | what is wrong |');
  p('|---|---|---|---|---|');
  mistakes.forEach((m, i) => p(`| ${i + 2} | \`${m.supportId}\` | ${m.packModel} | \`${m.expect}\` | ${m.note} |`));
  p();
  p(`Support IDs used: \`${unknownSid}\` (not in contracts.csv), \`${otherReseller.supportId}\` (${otherReseller.reseller}), \`${expired.supportId}\` (RS001, expired),`);
  p(`\`${mA.supportId}\` (rows 5–11, recipient \`${planA.recipient.userId}\`), \`${mB.supportId}\` (rows 12–19, recipient \`${planB.recipient.userId}\`),`);
  p(`\`${mC.supportId}\` (row 20), \`${mD.supportId}\` (row 21), \`${mOk.supportId}\` (rows 22–25, recipient \`${planOk.recipient.userId}\`).`);
  p();
  return lines.join('\n');
}

await main();
