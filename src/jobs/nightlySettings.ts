import { intField, optionalTextField, textField, type EnvValues } from '../envFields.js';

/**
 * Environment settings of the nightly inbox job and the worker (SPEC §7 "Nightly"). Parsed by
 * `config.ts` together with every other setting; kept here so the nightly's knobs sit beside it.
 */
export const NIGHTLY_ENV = {
  /** Cron line of the nightly scan run by `packreg worker`, in `PACKREG_NIGHTLY_TIME_ZONE`. */
  PACKREG_NIGHTLY_CRON: textField('0 2 * * *', { pattern: /^\S+(\s+\S+){4}$/, expected: 'five cron fields' }),
  PACKREG_NIGHTLY_TIME_ZONE: textField('Asia/Tokyo'),
  /** A file changed less than this many seconds ago is still being written: it waits. */
  PACKREG_NIGHTLY_QUIET_SECONDS: intField(60, { min: 0 }),
  /** `packreg nightly` without `--once`: seconds between two passes over the inbox. */
  PACKREG_NIGHTLY_INTERVAL_SECONDS: intField(300),
  /** The inbox `packreg worker` scans (`--inbox` overrides it). */
  PACKREG_INBOX: optionalTextField(),
  /** Import jobs one `packreg worker` process runs at once. */
  PACKREG_WORKER_CONCURRENCY: intField(1),
  /** Attempts of one import job before graphile-worker gives up on it (exponential backoff). */
  PACKREG_WORKER_MAX_ATTEMPTS: intField(10),
  /** On SIGTERM, how long the current job may run on before it is released for another worker. */
  PACKREG_WORKER_SHUTDOWN_SECONDS: intField(120, { min: 0 }),
};

/** The resolved nightly settings (`config.nightly`). */
export interface NightlySettings {
  readonly cron: string;
  readonly timeZone: string;
  readonly quietMs: number;
  readonly intervalMs: number;
  readonly inbox: string | undefined;
  readonly workerConcurrency: number;
  readonly workerMaxAttempts: number;
  readonly workerShutdownMs: number;
}

type NightlyEnv = EnvValues<typeof NIGHTLY_ENV>;

/** Turn the parsed environment into `NightlySettings`. */
export function nightlySettings(e: NightlyEnv): NightlySettings {
  return {
    cron: e.PACKREG_NIGHTLY_CRON,
    timeZone: e.PACKREG_NIGHTLY_TIME_ZONE,
    quietMs: e.PACKREG_NIGHTLY_QUIET_SECONDS * 1000,
    intervalMs: e.PACKREG_NIGHTLY_INTERVAL_SECONDS * 1000,
    inbox: e.PACKREG_INBOX,
    workerConcurrency: e.PACKREG_WORKER_CONCURRENCY,
    workerMaxAttempts: e.PACKREG_WORKER_MAX_ATTEMPTS,
    workerShutdownMs: e.PACKREG_WORKER_SHUTDOWN_SECONDS * 1000,
  };
}
