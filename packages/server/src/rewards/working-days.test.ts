import { describe, expect, it } from 'vitest';
import {
  isWorkingDay,
  localDate,
  parseUtcOffset,
  type WorkingDayCalendar,
  workingDayDeadline,
} from './working-days.js';

const china = (holidays: string[] = [], extra: string[] = []): WorkingDayCalendar => ({
  offsetMinutes: 480,
  holidays: new Set(holidays),
  extraWorkingDays: new Set(extra),
});

describe('working days', () => {
  it('counts Monday to Friday and skips the day of the notice', () => {
    // Friday 2026-01-09, 10:00 in Fuzhou.
    const friday = new Date('2026-01-09T02:00:00Z');
    expect(workingDayDeadline(friday, 1, china()).toISOString()).toBe('2026-01-12T15:59:59.999Z');
    expect(workingDayDeadline(friday, 5, china()).toISOString()).toBe('2026-01-16T15:59:59.999Z');
    // 30 working days = 6 weeks from a Friday.
    expect(workingDayDeadline(friday, 30, china()).toISOString()).toBe('2026-02-20T15:59:59.999Z');
  });

  it('uses the local date, not the UTC date', () => {
    // 2026-01-09T17:00Z is already Saturday 01:00 in Fuzhou: the next working day is Monday.
    const lateFriday = new Date('2026-01-09T17:00:00Z');
    expect(localDate(lateFriday, china())).toBe('2026-01-10');
    expect(workingDayDeadline(lateFriday, 1, china()).toISOString()).toBe('2026-01-12T15:59:59.999Z');
  });

  it('skips holidays and counts make-up working days', () => {
    const calendar = china(['2026-10-01', '2026-10-02', '2026-10-05'], ['2026-10-10']);
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-11', calendar)).toBe(false);
    // Wednesday 30 Sep: Thu 1, Fri 2 and Mon 5 are holidays; Tue 6 is the first working day.
    const notice = new Date('2026-09-30T04:00:00Z');
    expect(workingDayDeadline(notice, 1, calendar).toISOString()).toBe('2026-10-06T15:59:59.999Z');
    // Tue 6 .. Fri 9 are four; the make-up Saturday 10 is the fifth.
    expect(workingDayDeadline(notice, 5, calendar).toISOString()).toBe('2026-10-10T15:59:59.999Z');
  });

  it('parses UTC offsets and refuses nonsense', () => {
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-03:30')).toBe(-210);
    expect(parseUtcOffset('Asia/Shanghai')).toBeUndefined();
    expect(parseUtcOffset('+15:00')).toBeUndefined();
    expect(() => workingDayDeadline(new Date(), 0, china())).toThrow(RangeError);
  });
});
