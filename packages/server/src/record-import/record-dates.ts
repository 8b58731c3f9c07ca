import { badRequest } from '../problem/problem-error.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real calendar date `YYYY-MM-DD`, or undefined. */
export function dayNumber(isoDate: string): number | undefined {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return undefined;
  return time / DAY_MS;
}

export function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A request's date, or a 400 naming the field. */
export function requireDay(isoDate: string, field: string): number {
  const day = dayNumber(isoDate);
  if (day === undefined) throw badRequest('invalid_date', `${field} must be a calendar date YYYY-MM-DD.`);
  return day;
}

export function todayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
