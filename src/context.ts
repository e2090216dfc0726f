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
}
