import type { CronMatcher } from 'graphile-worker';
import type { Context } from '../context.js';
import type { Routine } from './makeRoutines.js';
import { zonedCronMatcher } from './zonedCronMatcher.js';

const MINUTE = 60_000;

export interface EmbeddedSchedule {
  /** Run what is due in the minutes since the last tick (the timer calls it; tests too). */
  tick(): Promise<void>;
  /** No more ticks; waits for a routine that is running. */
  stop(): Promise<void>;
}

/**
 * The routines' schedule where there is no job queue (`serve` on the embedded database, which one
 * process owns at a time, so "once across all processes" holds by construction). Each tick
 * looks at every minute since the previous one (a stalled event loop skips no minute, and
 * no minute runs twice); no backfill before start, like the worker's cron (backfillPeriod 0).
 * The same cron lines and zone as graphile-worker's cron in `packreg worker`, matched by the same
 * matcher. A routine that throws is logged and runs again at its next tick.
 */
export function startEmbeddedSchedule(ctx: Context, routines: readonly Routine[], tickMs = 15_000): EmbeddedSchedule {
  const matchers: Array<{ routine: Routine; match: CronMatcher }> = routines.map((routine) => ({
    routine,
    match: zonedCronMatcher(routine.cron, ctx.config.schedule.timeZone, () => ctx.clock.now()),
  }));
  let last = Math.floor(ctx.clock.now().getTime() / MINUTE) - 1;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runDue = async () => {
    const current = Math.floor(ctx.clock.now().getTime() / MINUTE);
    for (let minute = last + 1; minute <= current; minute += 1) {
      const at = new Date(minute * MINUTE);
      const digest = { min: at.getUTCMinutes(), hour: at.getUTCHours(), date: at.getUTCDate(), month: at.getUTCMonth() + 1, dow: at.getUTCDay() };
      for (const { routine, match } of matchers) {
        if (stopped || !match(digest)) continue;
        await routine.run(at).catch((error: unknown) => ctx.log.error({ err: error, task: routine.task }, 'schedule: routine failed'));
      }
    }
    last = Math.max(last, current);
  };
  const tick = () => {
    running = running.then(runDue);
    return running;
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  if (matchers.length > 0) ctx.log.info({ routines: routines.map((r) => ({ task: r.task, cron: r.cron })), timeZone: ctx.config.schedule.timeZone }, 'schedule: started');
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
