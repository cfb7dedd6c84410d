// When a cron schedule fires, read in a time zone. croner does only the calendar arithmetic
// (including daylight-saving changes: 11:00 Europe/London is 11:00Z in winter and 10:00Z in
// summer); it never runs anything itself, since we construct it without a callback.
import { Cron } from 'croner';

export const defaultTimezone = 'Europe/London';

export interface CronSchedule {
  pattern: string;
  timezone: string;
  cron: Cron;
}

/** Parses the pattern once, at registration: a bad pattern or time zone is a TypeError at boot. */
export function parseCron(pattern: string, timezone: string = defaultTimezone): CronSchedule {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
  } catch (error) {
    throw new TypeError(`unknown time zone ${JSON.stringify(timezone)}`, { cause: error });
  }
  let cron: Cron;
  try {
    cron = new Cron(pattern, { timezone });
  } catch (error) {
    throw new TypeError(`invalid cron pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`, { cause: error });
  }
  if (cron.nextRun(new Date(0)) === null) throw new TypeError(`cron pattern ${JSON.stringify(pattern)} never fires`);
  return { pattern, timezone, cron };
}

/** Fire times t with after < t <= upTo, oldest first, at most `limit` of them. */
export function fireTimesBetween(schedule: CronSchedule, after: Date, upTo: Date, limit: number): Date[] {
  const times: Date[] = [];
  let previous = after;
  while (times.length < limit) {
    // nextRun is strictly after its argument, so a fire time equal to `after` (already
    // handled by the previous tick) is not repeated.
    const next = schedule.cron.nextRun(previous);
    if (!next || next.getTime() > upTo.getTime()) break;
    times.push(next);
    previous = next;
  }
  return times;
}
