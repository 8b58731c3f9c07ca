import type { Schema } from '@ezhili/contract';

export type RiskIndicatorId = Schema<'RiskIndicatorId'>;

export interface IndicatorDefinition {
  /**
   * The raw value as an SQL expression over the scoring base relation `b` (see risk-sql.ts):
   * one row per shop (a run) or per inspection (calibration), with `b.as_of_day` and
   * `b.as_of_date` the moment it is scored at. Everything it reads is dated before that moment.
   */
  sql: string;
  description: string;
  /**
   * False for shop attributes the registry keeps without history (rating, complaints, online
   * state): calibration cannot know their value at a past inspection, so it leaves them out.
   */
  pointInTime: boolean;
}

/** Days counted for "days since the last inspection" when a shop was never inspected. */
export const NEVER_INSPECTED_DAYS = 1825;

/**
 * The indicators a model may use. A model is data (which indicators, weights, transforms); this
 * catalogue is the code that can compute each indicator, for every shop at once, in SQL.
 */
export const INDICATORS: Record<RiskIndicatorId, IndicatorDefinition> = {
  critical_recent: {
    sql: 'coalesce(b.critical_w, 0)',
    description: 'Critical violations found at past inspections, each weighted by 0.5^(age / halfLifeDays).',
    pointInTime: true,
  },
  serious_recent: {
    sql: 'coalesce(b.serious_w, 0)',
    description: 'Serious violations at past inspections, recency-weighted like critical_recent.',
    pointInTime: true,
  },
  minor_recent: {
    sql: 'coalesce(b.minor_w, 0)',
    description: 'Minor violations at past inspections, recency-weighted like critical_recent.',
    pointInTime: true,
  },
  last_critical: {
    sql: 'coalesce(b.last_critical, 0)',
    description: 'Critical violations found at the latest inspection.',
    pointInTime: true,
  },
  last_serious: {
    sql: 'coalesce(b.last_serious, 0)',
    description: 'Serious violations found at the latest inspection.',
    pointInTime: true,
  },
  last_score_deficit: {
    sql: 'CASE WHEN b.last_score IS NULL THEN 0 ELSE max(0, 100 - b.last_score) END',
    description: '100 minus the latest inspection score (sources that score 0–100); 0 without a score.',
    pointInTime: true,
  },
  inspection_count: {
    sql: 'coalesce(b.n, 0)',
    description: 'Number of past inspections.',
    pointInTime: true,
  },
  never_inspected: {
    sql: 'CASE WHEN b.n IS NULL THEN 1 ELSE 0 END',
    description: '1 when the shop has no inspection on record.',
    pointInTime: true,
  },
  days_since_inspection: {
    sql: `CASE WHEN b.last_day IS NULL THEN ${NEVER_INSPECTED_DAYS} ELSE min(${NEVER_INSPECTED_DAYS}, b.as_of_day - b.last_day) END`,
    description: `Days since the latest inspection (${NEVER_INSPECTED_DAYS} when never inspected, and at most that).`,
    pointInTime: true,
  },
  licence_missing: {
    sql: "CASE WHEN b.licence_number IS NULL OR b.licence_number = '' THEN 1 ELSE 0 END",
    description: '1 when the listing shows no food business licence number.',
    pointInTime: true,
  },
  licence_expired: {
    sql: 'CASE WHEN b.licence_expiry IS NOT NULL AND b.licence_expiry < b.as_of_date THEN 1 ELSE 0 END',
    description: '1 when the licence expiry date has passed.',
    pointInTime: true,
  },
  licence_age_years: {
    sql: 'CASE WHEN b.licence_issued IS NULL OR b.licence_issued > b.as_of_date THEN 0 ELSE (julianday(b.as_of_date) - julianday(b.licence_issued)) / 365.25 END',
    description: 'Years since the licence was issued (0 when unknown); young businesses fail more often.',
    pointInTime: true,
  },
  complaint_count: {
    sql: 'coalesce(b.complaint_count, 0)',
    description: "Complaints the platform reports for the shop (the feed's current count).",
    pointInTime: false,
  },
  tip_count: {
    sql: 'coalesce(b.tips, 0)',
    description:
      'Tips and platform-submitted leads about the shop received before the moment scored (rejected and duplicate cases not counted).',
    pointInTime: true,
  },
  confirmed_violations: {
    sql: 'coalesce(b.confirmed, 0)',
    description: 'Cases about the shop closed with a confirmed violation.',
    pointInTime: true,
  },
  prior_takedowns: {
    sql: 'coalesce(b.takedowns, 0)',
    description: 'Times a platform took the shop offline after a lead.',
    pointInTime: true,
  },
  rating_deficit: {
    sql: 'CASE WHEN b.rating IS NULL THEN 0 ELSE max(0, 5 - b.rating) END',
    description: "5 minus the shop's platform rating (0–5); 0 when unrated.",
    pointInTime: false,
  },
  offline: {
    sql: 'CASE WHEN b.online = 0 THEN 1 ELSE 0 END',
    description: '1 when the platform lists the shop as offline now.',
    pointInTime: false,
  },
};

export function isIndicatorId(value: string): value is RiskIndicatorId {
  return Object.hasOwn(INDICATORS, value);
}
