import os from 'node:os';
import path from 'node:path';
import { PackregError } from './domain/PackregError.js';
import type { Lang } from './domain/lang.js';
import { intField, oneOfField, optionalTextField, readEnv, textField, urlField } from './envFields.js';
import { NIGHTLY_ENV, nightlySettings, type NightlySettings } from './jobs/nightlySettings.js';
import { SCHEDULE_ENV, scheduleSettings, type ScheduleSettings } from './jobs/scheduleSettings.js';
import { WEBHOOK_ENV, webhookSettings, type WebhookSettings } from './outbox/webhookSettings.js';
import { HTTP_ENV, httpSettings, type HttpSettings } from './server/httpSettings.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Everything packreg reads from the environment, validated once. Only this module reads
 * `process.env`; everything else receives the resolved `Config` through the context.
 */
const CONFIG_ENV = {
  DATABASE_URL: urlField(),
  PACKREG_DATA_DIR: textField('./.packreg'),
  PACKREG_DB_POOL_MAX: intField(8),
  /**
   * Commit transactions in flight at once on PostgreSQL. The work is CPU-bound on the server, so
   * more than its cores only adds contention (measured on 2 cores: 7 in flight was slower than 2).
   */
  PACKREG_COMMIT_CONCURRENCY: intField(2),
  PACKREG_LOG_LEVEL: oneOfField(LOG_LEVELS, 'warn'),
  PACKREG_TIME_ZONE: textField('Asia/Tokyo'),
  /** Language of messages when a command has no `--lang` (SPEC: Japanese by default). */
  PACKREG_LANG: oneOfField(['ja', 'en'], 'ja'),
  /** SPEC §4: service start may be at most this many days before the import date. */
  PACKREG_START_DAYS_BEFORE: intField(90),
  /** SPEC §4: service start may be at most this many days after the import date. */
  PACKREG_START_DAYS_AFTER: intField(365),
  /** Import date override (YYYY-MM-DD) for tests and replays; the clock's date otherwise. */
  PACKREG_TODAY: optionalTextField({ pattern: /^\d{4}-\d{2}-\d{2}$/, expected: 'YYYY-MM-DD' }),
  PACKREG_MAX_FILE_MB: intField(50),
  PACKREG_MAX_ROWS: intField(1_000_000),
  PACKREG_MAX_COLUMNS: intField(200),
  PACKREG_MAX_CELL_CHARS: intField(2_000),
  PACKREG_MAX_INFLATE_RATIO: intField(100),
  PACKREG_MAX_INFLATE_MB: intField(1_024),
  /** XLSX guards (SPEC §6), checked while streaming: see docs/xlsx.md. */
  PACKREG_MAX_XML_DEPTH: intField(64),
  PACKREG_MAX_XML_TOKEN_KB: intField(1_024),
  PACKREG_MAX_XML_ATTRIBUTES: intField(256),
  PACKREG_MAX_PACKAGE_ITEMS: intField(65_536),
  PACKREG_MAX_PACKAGE_TEXT_KB: intField(4_096),
  PACKREG_MAX_PACKAGE_PART_MB: intField(64),
  PACKREG_MAX_SHARED_STRINGS_MB: intField(64),
  PACKREG_MAX_CELLS_PER_ROW: intField(16_384),
  ...NIGHTLY_ENV,
  ...SCHEDULE_ENV,
  ...HTTP_ENV,
  ...WEBHOOK_ENV,
  /** Who runs operator commands, written to the audit log; the OS user when unset. */
  PACKREG_OPERATOR: optionalTextField(),
  /** Set by npm for the processes `npx` / `npm exec` starts (npm's own variables, not packreg's). */
  npm_command: optionalTextField(),
  npm_lifecycle_event: optionalTextField(),
  /** SMTP server for `packreg outbox send` (smtp://user:pass@host:587, smtps://…). */
  PACKREG_SMTP_URL: urlField(),
  /** Without SMTP, `packreg outbox send` writes one .eml file per message here. */
  PACKREG_OUTBOX_DIR: textField('./outbox'),
  PACKREG_MAIL_FROM: textField('packreg@localhost', { pattern: /^.{3,}$/su, expected: 'at least 3 characters' }),
  /** Delivery attempts of one notification before it is marked failed. */
  PACKREG_OUTBOX_MAX_ATTEMPTS: intField(5),
  /** Wait after the first failed attempt; doubled after each further failure. */
  PACKREG_OUTBOX_RETRY_SECONDS: intField(60),
};

export interface Limits {
  readonly maxFileBytes: number;
  readonly maxRows: number;
  readonly maxColumns: number;
  readonly maxCellChars: number;
  readonly maxInflateRatio: number;
  readonly maxInflateBytes: number;
  /** XLSX: elements open at once in one XML part. */
  readonly maxXmlDepth: number;
  /** XLSX: characters of one XML tag (name and attributes) or of one run of text between tags. */
  readonly maxXmlTokenChars: number;
  /** XLSX: attributes on one XML element. */
  readonly maxXmlAttributes: number;
  /** XLSX: zip entries, and items kept from one package part (relationships, content types, sheets, number formats, cell formats). */
  readonly maxPackageItems: number;
  /** XLSX: characters kept from the package parts (relationships, content types, sheet names), all parts together. */
  readonly maxPackageTextChars: number;
  /** XLSX: inflated bytes of one package part read whole before any row ([Content_Types].xml, relationships, the workbook, styles). */
  readonly maxPackagePartBytes: number;
  /** XLSX: memory for the shared strings (their UTF-8 bytes plus 8 bytes per string). */
  readonly maxSharedStringBytes: number;
  /** XLSX: `<c>` elements in one row, blank ones included. */
  readonly maxCellsPerRow: number;
}

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly poolMax: number;
  readonly commitConcurrency: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly timeZone: string;
  readonly lang: Lang;
  readonly startDaysBefore: number;
  readonly startDaysAfter: number;
  readonly today: string | undefined;
  readonly limits: Limits;
  readonly nightly: NightlySettings;
  /** Routine jobs: notifications, label exports (issue 18.5). */
  readonly schedule: ScheduleSettings;
  readonly http: HttpSettings;
  /** The audit log's "who" for operator commands. */
  readonly operator: string;
  /**
   * Started by `npx` / `npm exec`: npm runs the bin through `sh -c`, and a SIGTERM to npx stops
   * npm and that shell but never reaches packreg (issue 17: `serve` kept the port and the
   * database). Long-running commands then also stop when their parent is gone.
   */
  readonly startedByNpx: boolean;
  readonly outbox: OutboxSettings;
  /** Reseller webhooks (issue 20 item 5). */
  readonly webhooks: WebhookSettings;
}

/** Notification delivery (`packreg outbox send`). */
export interface OutboxSettings {
  readonly smtpUrl: string | undefined;
  readonly dir: string;
  readonly from: string;
  readonly maxAttempts: number;
  readonly retrySeconds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { values: e, problems } = readEnv(CONFIG_ENV, env);
  if (problems.length > 0) throw new PackregError('CONFIG_INVALID', { detail: problems.join('; ') });
  const webhooks = webhookSettings(e);
  if (typeof webhooks === 'string') throw new PackregError('CONFIG_INVALID', { detail: webhooks });
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.PACKREG_DATA_DIR),
    poolMax: e.PACKREG_DB_POOL_MAX,
    commitConcurrency: e.PACKREG_COMMIT_CONCURRENCY,
    logLevel: e.PACKREG_LOG_LEVEL,
    timeZone: e.PACKREG_TIME_ZONE,
    lang: e.PACKREG_LANG,
    startDaysBefore: e.PACKREG_START_DAYS_BEFORE,
    startDaysAfter: e.PACKREG_START_DAYS_AFTER,
    today: e.PACKREG_TODAY,
    limits: {
      maxFileBytes: e.PACKREG_MAX_FILE_MB * 1024 * 1024,
      maxRows: e.PACKREG_MAX_ROWS,
      maxColumns: e.PACKREG_MAX_COLUMNS,
      maxCellChars: e.PACKREG_MAX_CELL_CHARS,
      maxInflateRatio: e.PACKREG_MAX_INFLATE_RATIO,
      maxInflateBytes: e.PACKREG_MAX_INFLATE_MB * 1024 * 1024,
      maxXmlDepth: e.PACKREG_MAX_XML_DEPTH,
      maxXmlTokenChars: e.PACKREG_MAX_XML_TOKEN_KB * 1024,
      maxXmlAttributes: e.PACKREG_MAX_XML_ATTRIBUTES,
      maxPackageItems: e.PACKREG_MAX_PACKAGE_ITEMS,
      maxPackageTextChars: e.PACKREG_MAX_PACKAGE_TEXT_KB * 1024,
      maxPackagePartBytes: e.PACKREG_MAX_PACKAGE_PART_MB * 1024 * 1024,
      maxSharedStringBytes: e.PACKREG_MAX_SHARED_STRINGS_MB * 1024 * 1024,
      maxCellsPerRow: e.PACKREG_MAX_CELLS_PER_ROW,
    },
    nightly: nightlySettings(e),
    schedule: scheduleSettings(e),
    http: httpSettings(e),
    operator: e.PACKREG_OPERATOR ?? osUser(),
    startedByNpx: e.npm_command === 'exec' || e.npm_lifecycle_event === 'npx',
    outbox: {
      smtpUrl: e.PACKREG_SMTP_URL,
      dir: path.resolve(e.PACKREG_OUTBOX_DIR),
      from: e.PACKREG_MAIL_FROM,
      maxAttempts: e.PACKREG_OUTBOX_MAX_ATTEMPTS,
      retrySeconds: e.PACKREG_OUTBOX_RETRY_SECONDS,
    },
    webhooks,
  };
}

/** The OS account name; userInfo() throws where the uid has no passwd entry (some containers). */
function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
