import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PackregError } from './domain/PackregError.js';
import type { Lang } from './domain/lang.js';
import { NIGHTLY_ENV, nightlySettings, type NightlySettings } from './jobs/nightlySettings.js';
import { SCHEDULE_ENV, scheduleSettings, type ScheduleSettings } from './jobs/scheduleSettings.js';
import { WEBHOOK_ENV, webhookSettings, type WebhookSettings } from './outbox/webhookSettings.js';
import { HTTP_ENV, httpSettings, type HttpSettings } from './server/httpSettings.js';

const intFromEnv = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Everything packreg reads from the environment, validated once. Only this module reads
 * `process.env`; everything else receives the resolved `Config` through the context.
 */
const ConfigSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PACKREG_DATA_DIR: z.string().min(1).default('./.packreg'),
  PACKREG_DB_POOL_MAX: intFromEnv(8),
  /**
   * Commit transactions in flight at once on PostgreSQL. The work is CPU-bound on the server, so
   * more than its cores only adds contention (measured on 2 cores: 7 in flight was slower than 2).
   */
  PACKREG_COMMIT_CONCURRENCY: intFromEnv(2),
  PACKREG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  PACKREG_TIME_ZONE: z.string().default('Asia/Tokyo'),
  /** Language of messages when a command has no `--lang` (SPEC: Japanese by default). */
  PACKREG_LANG: z.enum(['ja', 'en']).default('ja'),
  /** SPEC §4: service start may be at most this many days before the import date. */
  PACKREG_START_DAYS_BEFORE: intFromEnv(90),
  /** SPEC §4: service start may be at most this many days after the import date. */
  PACKREG_START_DAYS_AFTER: intFromEnv(365),
  /** Import date override (YYYY-MM-DD) for tests and replays; the clock's date otherwise. */
  PACKREG_TODAY: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  PACKREG_MAX_FILE_MB: intFromEnv(50),
  PACKREG_MAX_ROWS: intFromEnv(1_000_000),
  PACKREG_MAX_COLUMNS: intFromEnv(200),
  PACKREG_MAX_CELL_CHARS: intFromEnv(2_000),
  PACKREG_MAX_INFLATE_RATIO: intFromEnv(100),
  PACKREG_MAX_INFLATE_MB: intFromEnv(1_024),
  /** XLSX guards (SPEC §6), checked while streaming: see docs/xlsx.md. */
  PACKREG_MAX_XML_DEPTH: intFromEnv(64),
  PACKREG_MAX_XML_TOKEN_KB: intFromEnv(1_024),
  PACKREG_MAX_XML_ATTRIBUTES: intFromEnv(256),
  PACKREG_MAX_PACKAGE_ITEMS: intFromEnv(65_536),
  PACKREG_MAX_SHARED_STRINGS_MB: intFromEnv(64),
  PACKREG_MAX_CELLS_PER_ROW: intFromEnv(16_384),
  ...NIGHTLY_ENV,
  ...SCHEDULE_ENV,
  ...HTTP_ENV,
  ...WEBHOOK_ENV,
  /** Who runs operator commands, written to the audit log; the OS user when unset. */
  PACKREG_OPERATOR: z.string().min(1).optional(),
  /** Set by npm for the processes `npx` / `npm exec` starts (npm's own variables, not packreg's). */
  npm_command: z.string().optional(),
  npm_lifecycle_event: z.string().optional(),
  /** SMTP server for `packreg outbox send` (smtp://user:pass@host:587, smtps://…). */
  PACKREG_SMTP_URL: z.string().url().optional(),
  /** Without SMTP, `packreg outbox send` writes one .eml file per message here. */
  PACKREG_OUTBOX_DIR: z.string().min(1).default('./outbox'),
  PACKREG_MAIL_FROM: z.string().min(3).default('packreg@localhost'),
  /** Delivery attempts of one notification before it is marked failed. */
  PACKREG_OUTBOX_MAX_ATTEMPTS: intFromEnv(5),
  /** Wait after the first failed attempt; doubled after each further failure. */
  PACKREG_OUTBOX_RETRY_SECONDS: intFromEnv(60),
});

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
  readonly logLevel: z.infer<typeof ConfigSchema>['PACKREG_LOG_LEVEL'];
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
  // An empty variable (`DATABASE_URL=`) means "not set", as shells and container specs write it.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ConfigSchema.safeParse(given);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PackregError('CONFIG_INVALID', { detail });
  }
  const e = parsed.data;
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
