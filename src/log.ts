import os from 'node:os';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths whose values are personal data (SPEC §7: addresses, phones, e-mails, names). Row values and
 * reference rows are logged under these keys wherever they appear, so the wildcards cover them.
 */
export const REDACTED_PATHS = [
  'email', '*.email', '*.*.email',
  'name', '*.name', '*.*.name', 'customer_name', '*.customer_name',
  'address', '*.address', '*.*.address', 'site_address', '*.site_address', '*.*.site_address',
  'building', '*.building', 'site_building', '*.site_building', '*.*.site_building',
  'phone', '*.phone', '*.*.phone', 'site_phone', '*.site_phone', '*.*.site_phone',
  'postal_code', '*.postal_code', 'site_postal_code', '*.site_postal_code', '*.*.site_postal_code',
  'site_name', '*.site_name', '*.*.site_name',
  // Request headers hold the bearer token and cookies. packreg never logs them itself, but a
  // library may (@fastify/multipart logs `busboyOptions.headers` at trace): the whole object goes.
  'headers', '*.headers', '*.*.headers',
];

/**
 * A last line of defence for SPEC §7 "tokens never appear in logs", whatever path or message a
 * token ends up in: anything shaped like a packreg token, and whatever follows "Bearer ", is
 * blanked in the finished line.
 */
const TOKEN_IN_TEXT = /packreg_[0-9a-f]{32}_[A-Za-z0-9_-]{43}|(?<=Bearer\s+)[^\s"\\]+/gi;

function scrubTokens(line: string): string {
  return line.replace(TOKEN_IN_TEXT, '[redacted]');
}

/** pino JSON logs to stderr (stdout belongs to reports and `--json` output). */
export function makeLogger(level: string, destination: NodeJS.WritableStream | number = 2): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination;
  return pino(
    {
      level,
      // pid and hostname tell apart the lines of several workers and servers writing to one store.
      base: { app: 'packreg', pid: process.pid, hostname: os.hostname() },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: scrubTokens },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
