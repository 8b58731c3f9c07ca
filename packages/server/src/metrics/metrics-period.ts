import type { Executor } from '../db/database.js';
import { badRequest } from '../problem/problem-error.js';
import type { MetricsPeriod } from './metrics-contributors.js';
import { dayOf, firstRolledUpDay } from './rollup-reader.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Twenty years of days: longer than any scheme has run, short enough for one response. */
export const MAX_METRICS_DAYS = 7305;

export interface MetricsQuery {
  from?: string;
  to?: string;
  since?: 'launch';
  districtCode?: string;
}

export type ResolvedPeriod = MetricsPeriod & { days: number };

/** The UTC days a request covers: `[from, to]`, the last 30 days, or since the first recorded day. */
export async function resolvePeriod(db: Executor, query: MetricsQuery, now: Date): Promise<ResolvedPeriod> {
  if (query.since && query.from) {
    throw badRequest('invalid_period', 'Give either `since` or `from`, not both.');
  }
  const to = query.to ?? dayOf(now.getTime());
  let from = query.from ?? dayOf(Date.parse(to) - 29 * DAY_MS);
  if (query.since === 'launch') {
    const first = await firstRolledUpDay(db);
    from = first !== null && first < to ? first : to;
  }
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (!(days >= 1)) throw badRequest('invalid_period', '`from` must not be after `to`.');
  if (days > MAX_METRICS_DAYS) {
    throw badRequest('period_too_long', `A period covers at most ${MAX_METRICS_DAYS} days.`);
  }
  return {
    from,
    to,
    days,
    fromIso: new Date(Date.parse(from)).toISOString(),
    toExclusiveIso: new Date(Date.parse(to) + DAY_MS).toISOString(),
    now,
  };
}
