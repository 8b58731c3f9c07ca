import type { Executor } from '../db/database.js';
import { extensionPoint } from '../http/extension-point.js';

/** The period a metrics request covers: UTC days, `from` inclusive, `toExclusive` the day after `to`. */
export interface MetricsPeriod {
  from: string;
  to: string;
  fromIso: string;
  toExclusiveIso: string;
  now: Date;
}

export interface MetricsContribution {
  /** A section of the response, keyed by module, e.g. `platforms` with per-platform lead figures. */
  section?: { name: string; figures: Record<string, unknown> };
  /** Extra daily counts by date (`YYYY-MM-DD`), e.g. `{ '2026-01-05': { leadsDispatched: 6 } }`. */
  perDay?: Record<string, Record<string, number>>;
}

export type MetricsContributor = (db: Executor, period: MetricsPeriod) => Promise<MetricsContribution>;

/**
 * Other modules add their figures to `getMetrics` by contributing here in their `ServerModule`
 * entry (`contribution(METRICS_SECTIONS, …)`: the scorecards' per-platform figures, the rewards').
 * Counts and durations only.
 */
export const METRICS_SECTIONS = extensionPoint<MetricsContributor>('metrics sections');
