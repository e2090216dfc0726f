import type { EngineName } from '../../src/db/engines.js';

/** `PACKREG_TEST_ENGINES=postgres` (or `pglite`) runs the database tests on one engine only. */
export function testEngines(): EngineName[] {
  const list = (process.env.PACKREG_TEST_ENGINES ?? 'postgres,pglite').split(',').map((e) => e.trim());
  return list.filter((e): e is EngineName => e === 'postgres' || e === 'pglite');
}

/** The PostgreSQL server the tests use (trust auth on this machine). */
export function adminUrl(): string {
  return process.env.PACKREG_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
}

export function databaseUrl(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** CI (`CI=true`, set by .ci/run's caller): a test whose tool is missing fails instead of skipping. */
export function inCi(): boolean {
  return process.env.CI === 'true';
}
