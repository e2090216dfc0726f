import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PackregError } from '../../src/domain/PackregError.js';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(PackregError);
    expect((error as PackregError).code).toBe('CONFIG_INVALID');
    return String((error as PackregError).params?.detail);
  }
  throw new Error('loadConfig accepted ' + JSON.stringify(env));
}

describe('loadConfig', () => {
  it('takes the documented defaults from an empty environment, and an empty variable as unset', () => {
    for (const env of [{}, { PACKREG_PORT: '', PACKREG_LANG: '', DATABASE_URL: '' }]) {
      const config = loadConfig(env);
      expect(config.databaseUrl).toBeUndefined();
      expect(config.lang).toBe('ja');
      expect(config.logLevel).toBe('warn');
      expect(config.http.port).toBe(8080);
      expect(config.limits.maxFileBytes).toBe(50 * 1024 * 1024);
      expect(config.limits).toMatchObject({ maxPackageTextChars: 4096 * 1024, maxPackagePartBytes: 64 * 1024 * 1024 });
      expect(config.nightly.cron).toBe('0 2 * * *');
      expect(config.nightly.quietMs).toBe(60_000);
      expect(config.schedule.outboxCron).toBe('* * * * *');
      expect(config.webhooks.secretKey).toBeNull();
      expect(config.outbox.from).toBe('packreg@localhost');
    }
  });

  it('reads whole numbers, choices, URLs and patterns as given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://root@127.0.0.1:5432/test',
      PACKREG_PORT: '0',
      PACKREG_MAX_FILE_MB: ' 7 ',
      PACKREG_MAX_PACKAGE_TEXT_KB: '16',
      PACKREG_MAX_PACKAGE_PART_MB: '2',
      PACKREG_LANG: 'en',
      PACKREG_LOG_LEVEL: 'debug',
      PACKREG_TODAY: '2026-12-05',
      PACKREG_LABELS_CRON: 'off',
      PACKREG_NIGHTLY_QUIET_SECONDS: '0',
      PACKREG_HTTP_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8',
    });
    expect(config.databaseUrl).toBe('postgres://root@127.0.0.1:5432/test');
    expect(config.http.port).toBe(0);
    expect(config.limits.maxFileBytes).toBe(7 * 1024 * 1024);
    expect(config.limits).toMatchObject({ maxPackageTextChars: 16 * 1024, maxPackagePartBytes: 2 * 1024 * 1024 });
    expect(config.lang).toBe('en');
    expect(config.logLevel).toBe('debug');
    expect(config.today).toBe('2026-12-05');
    expect(config.schedule.labelsCron).toBeNull();
    expect(config.nightly.quietMs).toBe(0);
    expect(config.http.trustProxy).toEqual(['10.0.0.1', '10.0.0.0/8']);
  });

  it.each([
    ['PACKREG_MAX_ROWS', '0'],
    ['PACKREG_MAX_ROWS', '1.5'],
    ['PACKREG_MAX_ROWS', '1e3'],
    ['PACKREG_MAX_ROWS', 'many'],
    ['PACKREG_MAX_ROWS', '99999999999999999999'],
    ['PACKREG_PORT', '65536'],
    ['PACKREG_PORT', '-1'],
    ['PACKREG_HTTP_UPLOADS_PER_MINUTE', '-1'],
    ['PACKREG_LANG', 'fr'],
    ['PACKREG_LOG_LEVEL', 'WARN'],
    ['PACKREG_TODAY', '5.12.2026'],
    ['PACKREG_NIGHTLY_CRON', 'nightly'],
    ['PACKREG_OUTBOX_CRON', '* * * *'],
    ['DATABASE_URL', 'localhost:5432'],
    ['PACKREG_MAIL_FROM', 'ab'],
  ])('refuses %s=%s as CONFIG_INVALID naming the variable', (name, value) => {
    expect(problem({ [name]: value })).toMatch(new RegExp(`^${name}: `));
  });

  it('lists every bad variable at once, and never echoes a URL (it may hold a password)', () => {
    const detail = problem({ PACKREG_PORT: 'x', DATABASE_URL: 'secret-pass@db', PACKREG_LANG: 'de' });
    expect(detail.split('; ').map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PACKREG_LANG', 'PACKREG_PORT']);
    expect(detail).not.toContain('secret-pass');
  });

  it('refuses a sealing key that is not 32 bytes', () => {
    expect(problem({ PACKREG_SECRET_KEY: 'abcd' })).toMatch(/^PACKREG_SECRET_KEY: /);
    expect(loadConfig({ PACKREG_SECRET_KEY: 'ab'.repeat(32) }).webhooks.secretKey).toHaveLength(32);
  });
});
