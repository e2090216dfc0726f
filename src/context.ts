import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/openDatabase.js';
import type { Logger } from './log.js';

/** Built once by an entry point and passed first to every stage (STYLE.md). */
export interface Context {
  readonly config: Config;
  readonly db: Database;
  readonly log: Logger;
  readonly clock: Clock;
  /** Test hooks; no entry point sets them. */
  readonly hooks?: ImportHooks;
}

/**
 * Points where a test steps into a running import, so that what happens "in the middle" is
 * deterministic without sleeping (issue 20: a cancel requested between two commit groups).
 */
export interface ImportHooks {
  /** Awaited before commit group `index` (0-based) checks for a cancel request and commits. */
  readonly beforeCommitGroup?: (importId: string, index: number) => Promise<void>;
  /** Applications per commit group (default 500): small, so a small file makes several groups. */
  readonly groupMaxApplications?: number;
}
