/**
 * Working-day arithmetic for reward deadlines: Monday to Friday, minus the deployment's public
 * holidays, plus its make-up working days (China moves weekend days around holidays, 调休).
 * Days are calendar dates at a fixed UTC offset (China has one time zone and no daylight saving).
 */
export interface WorkingDayCalendar {
  /** Minutes east of UTC, e.g. 480 for +08:00. */
  offsetMinutes: number;
  /** `YYYY-MM-DD` dates that are not working days. */
  holidays: ReadonlySet<string>;
  /** `YYYY-MM-DD` weekend dates that are working days. */
  extraWorkingDays: ReadonlySet<string>;
}

const DAY_MS = 24 * 3600 * 1000;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

export function parseUtcOffset(text: string): number | undefined {
  const match = OFFSET.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (minutes > 14 * 60) return undefined;
  return match[1] === '-' ? -minutes : minutes;
}

export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The local calendar date of an instant, as `YYYY-MM-DD`. */
export function localDate(instant: Date, calendar: WorkingDayCalendar): string {
  return new Date(instant.getTime() + calendar.offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  if (calendar.holidays.has(date)) return false;
  if (calendar.extraWorkingDays.has(date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/**
 * The end (last millisecond, local time) of the `count`-th working day after the day of `from`.
 * The day of `from` itself never counts, so a notice at 23:00 on a Monday with one working day
 * ends on Tuesday night, as a reporter would read "within 1 working day".
 */
export function workingDayDeadline(from: Date, count: number, calendar: WorkingDayCalendar): Date {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  let day = Date.parse(`${localDate(from, calendar)}T00:00:00Z`);
  let remaining = count;
  // A year of holidays cannot stall this: at most 3 weekday runs per week are holidays in practice,
  // and the guard stops a calendar that declares every day a holiday.
  for (let guard = 0; remaining > 0; guard++) {
    if (guard > count * 7 + 400) throw new RangeError('The calendar has no working days');
    day += DAY_MS;
    if (isWorkingDay(new Date(day).toISOString().slice(0, 10), calendar)) remaining -= 1;
  }
  return new Date(day + DAY_MS - 1 - calendar.offsetMinutes * 60_000);
}
