export type PeriodChoice = 'week' | 'month' | 'quarter' | 'year' | 'sinceLaunch' | 'custom';

export interface Period {
  from: string;
  to: string;
}

/** What the dashboard asks the server for: days, or every day since the first one recorded. */
export type MetricsPeriod = Period | { since: 'launch' };

const DAY_MS = 86_400_000;
const LENGTH_DAYS: Record<Exclude<PeriodChoice, 'custom' | 'sinceLaunch'>, number> = {
  week: 7,
  month: 30,
  quarter: 90,
  // The server caps a period at 366 days.
  year: 365,
};

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC days `[from, to]` of a preset period ending on `today` (a YYYY-MM-DD day). */
export function presetPeriod(choice: Exclude<PeriodChoice, 'custom'>, today: string): MetricsPeriod {
  if (choice === 'sinceLaunch') return { since: 'launch' };
  const end = Date.parse(today);
  return { from: isoDay(end - (LENGTH_DAYS[choice] - 1) * DAY_MS), to: today };
}

export interface MonthTotals {
  month: string;
  [series: string]: number | string;
}

/** Sums daily counts per calendar month (YYYY-MM), keeping every numeric series. */
export function byMonth(
  days: ReadonlyArray<{ date: string; [series: string]: number | string }>,
): MonthTotals[] {
  const months = new Map<string, MonthTotals>();
  for (const day of days) {
    const month = day.date.slice(0, 7);
    const totals = months.get(month) ?? { month };
    for (const [series, value] of Object.entries(day)) {
      if (series === 'date' || typeof value !== 'number') continue;
      totals[series] = ((totals[series] as number | undefined) ?? 0) + value;
    }
    months.set(month, totals);
  }
  return [...months.values()];
}

/** The numeric series in daily rows (tips, platformLeads, and what other modules add). */
export function seriesOf(days: ReadonlyArray<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const day of days) {
    for (const [name, value] of Object.entries(day))
      if (name !== 'date' && typeof value === 'number') names.add(name);
  }
  return [...names];
}
