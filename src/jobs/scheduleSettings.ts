import path from 'node:path';
import { textField, type EnvValues } from '../envFields.js';

const cronOrOff = (fallback: string) => textField(fallback, { pattern: /^(off|\S+(\s+\S+){4})$/, expected: 'five cron fields, or off' });

/**
 * Environment settings of the routine jobs run by `packreg worker` (and `serve` on the embedded
 * database), issue 18.5: nothing left to run by hand. Parsed by `config.ts`; cron lines are read
 * in `PACKREG_SCHEDULE_TIME_ZONE`; `off` disables one.
 */
export const SCHEDULE_ENV = {
  /** Send the due notifications (`packreg outbox send`): every minute. */
  PACKREG_OUTBOX_CRON: cronOrOff('* * * * *'),
  /** Export the pending label shipments (`packreg labels export`): daily at 09:00. */
  PACKREG_LABELS_CRON: cronOrOff('0 9 * * *'),
  /** Where scheduled label exports are written, one `labels-YYYYMMDD-HHMM.csv` per run. */
  PACKREG_LABELS_DIR: textField('./labels'),
  PACKREG_SCHEDULE_TIME_ZONE: textField('Asia/Tokyo'),
};

/** The resolved schedule settings (`config.schedule`); a null cron is off. */
export interface ScheduleSettings {
  readonly outboxCron: string | null;
  readonly labelsCron: string | null;
  readonly labelsDir: string;
  readonly timeZone: string;
}

type ScheduleEnv = EnvValues<typeof SCHEDULE_ENV>;

/** Turn the parsed environment into `ScheduleSettings`. */
export function scheduleSettings(e: ScheduleEnv): ScheduleSettings {
  const cron = (line: string) => (line === 'off' ? null : line);
  return {
    outboxCron: cron(e.PACKREG_OUTBOX_CRON),
    labelsCron: cron(e.PACKREG_LABELS_CRON),
    labelsDir: path.resolve(e.PACKREG_LABELS_DIR),
    timeZone: e.PACKREG_SCHEDULE_TIME_ZONE,
  };
}
