import type { Executor } from '../db/database.js';
import { hoursOfCode } from './duration-code.js';
import type { DurationMetric } from './rollup-facts.js';
import type { ScopeKind } from './rollup-sql.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => dayOf(Date.parse(date) + days * DAY_MS);
const lastDayOfMonth = (date: string) => {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
};

/** `[from, to]` (inclusive UTC days) as ragged day ranges and whole months. */
export interface PeriodBuckets {
  days: Array<[string, string]>;
  months: [string, string] | null;
}

export function bucketsOf(from: string, to: string): PeriodBuckets {
  const days: Array<[string, string]> = [];
  let cursor = from;
  if (!cursor.endsWith('-01')) {
    const end = lastDayOfMonth(cursor) < to ? lastDayOfMonth(cursor) : to;
    days.push([cursor, end]);
    cursor = addDays(end, 1);
  }
  let months: [string, string] | null = null;
  while (cursor <= to && lastDayOfMonth(cursor) <= to) {
    const month = cursor.slice(0, 7);
    months = months ? [months[0], month] : [month, month];
    cursor = addDays(lastDayOfMonth(cursor), 1);
  }
  if (cursor <= to) days.push([cursor, to]);
  return { days, months };
}

/** The scope a query reads: a kind and, optionally, a key prefix (`'350102|'` for one district). */
export interface Scope {
  kind: ScopeKind;
  keyPrefix?: string;
}

function rangesSql(buckets: PeriodBuckets, scope: Scope) {
  const parts: string[] = [];
  const args: string[] = [];
  const keyFilter = scope.keyPrefix ? ' AND key >= ? AND key < ?' : '';
  const keyArgs = scope.keyPrefix ? [scope.keyPrefix, `${scope.keyPrefix}\uffff`] : [];
  for (const [from, to] of buckets.days) {
    parts.push(`grain = 'd' AND bucket >= ? AND bucket <= ?`);
    args.push(from, to);
  }
  if (buckets.months) {
    parts.push(`grain = 'm' AND bucket >= ? AND bucket <= ?`);
    args.push(...buckets.months);
  }
  return { parts, args, keyFilter, keyArgs };
}

/**
 * Runs a rollup query whose rows SQLite folds into one JSON array: building one string in SQL
 * and parsing it once costs a fraction of materialising thousands of row objects in the driver.
 */
async function jsonRows<T extends unknown[]>(
  db: Executor,
  columns: string,
  sql: string,
  args: Array<string | number>,
): Promise<T[]> {
  const row = (
    await db.execute({ sql: `SELECT json_group_array(json_array(${columns})) AS j FROM (${sql})`, args })
  ).rows[0];
  return JSON.parse(String(row?.j ?? '[]')) as T[];
}

/** Sums per metric and key over a period: `Map<key, Map<metric, n>>`. */
export async function readCounts(
  db: Executor,
  buckets: PeriodBuckets,
  scope: Scope,
): Promise<Map<string, Map<string, number>>> {
  const { parts, args, keyFilter, keyArgs } = rangesSql(buckets, scope);
  const result = new Map<string, Map<string, number>>();
  if (parts.length === 0) return result;
  const selects = parts.map(
    (part) => `SELECT metric, key, n FROM metrics_counts WHERE kind = ? AND ${part}${keyFilter}`,
  );
  const rows = await jsonRows<[string, string, number]>(
    db,
    'metric, key, n',
    `SELECT metric, key, sum(n) AS n FROM (${selects.join(' UNION ALL ')}) GROUP BY metric, key`,
    parts.flatMap((_, i) => [scope.kind, args[i * 2]!, args[i * 2 + 1]!, ...keyArgs]),
  );
  for (const [metric, key, n] of rows) {
    const metrics = result.get(key) ?? new Map<string, number>();
    metrics.set(metric, n);
    result.set(key, metrics);
  }
  return result;
}

export interface Percentiles {
  median: number | null;
  p90: number | null;
}

/**
 * Median and p90 (hours) per metric and key over a period. The histograms are summed and their
 * nearest-rank percentiles taken in SQL (a running sum per key, the first code reaching
 * ⌈p·total/100⌉), exactly as `percentileOfHistogram` would: only two codes per key leave SQLite.
 */
export async function readPercentilesOf(
  db: Executor,
  buckets: PeriodBuckets,
  scope: Scope,
  metrics: readonly DurationMetric[],
): Promise<Map<DurationMetric, Map<string, Percentiles>>> {
  const { parts, args, keyFilter, keyArgs } = rangesSql(buckets, scope);
  const result = new Map<DurationMetric, Map<string, Percentiles>>(metrics.map((m) => [m, new Map()]));
  if (parts.length === 0 || metrics.length === 0) return result;
  const metricList = metrics.map(() => '?').join(', ');
  const selects = parts.map(
    (part) =>
      `SELECT metric, key, code, n FROM metrics_durations WHERE kind = ? AND ${part} AND metric IN (${metricList})${keyFilter}`,
  );
  const rank = (p: number) => `max(1, (${p} * total + 99) / 100)`;
  const rows = await jsonRows<[DurationMetric, string, number | null, number | null]>(
    db,
    'metric, key, median, p90',
    `WITH histogram AS (
       SELECT metric, key, code, sum(n) AS n FROM (${selects.join(' UNION ALL ')}) GROUP BY metric, key, code),
     running AS (
       SELECT metric, key, code, sum(n) OVER (PARTITION BY metric, key ORDER BY code) AS seen,
              sum(n) OVER (PARTITION BY metric, key) AS total FROM histogram)
     SELECT metric, key,
            min(CASE WHEN total > 0 AND seen >= ${rank(50)} THEN code END) AS median,
            min(CASE WHEN total > 0 AND seen >= ${rank(90)} THEN code END) AS p90
     FROM running GROUP BY metric, key`,
    parts.flatMap((_, i) => [scope.kind, args[i * 2]!, args[i * 2 + 1]!, ...metrics, ...keyArgs]),
  );
  const hours = (code: number | null) => (code === null ? null : hoursOfCode(code));
  for (const [metric, key, median, p90] of rows) {
    result.get(metric)?.set(key, { median: hours(median), p90: hours(p90) });
  }
  return result;
}

/** Median and p90 (hours) per key of one duration metric over a period. */
export async function readPercentiles(
  db: Executor,
  buckets: PeriodBuckets,
  scope: Scope,
  metric: DurationMetric,
): Promise<Map<string, Percentiles>> {
  return (await readPercentilesOf(db, buckets, scope, [metric])).get(metric)!;
}

/** Daily or monthly series of every count metric in a scope (one key). */
export async function readSeries(
  db: Executor,
  from: string,
  to: string,
  scope: { kind: ScopeKind; key: string },
  grain: 'day' | 'month',
): Promise<Map<string, Map<string, number>>> {
  const buckets =
    grain === 'day' ? { days: [[from, to]] as Array<[string, string]>, months: null } : bucketsOf(from, to);
  const selects: string[] = [];
  const args: string[] = [];
  for (const [start, end] of buckets.days) {
    selects.push(
      `SELECT substr(bucket, 1, ${grain === 'day' ? 10 : 7}) AS b, metric, n FROM metrics_counts
       WHERE kind = ? AND grain = 'd' AND bucket >= ? AND bucket <= ? AND key = ?`,
    );
    args.push(scope.kind, start, end, scope.key);
  }
  if (buckets.months) {
    selects.push(
      `SELECT bucket AS b, metric, n FROM metrics_counts
       WHERE kind = ? AND grain = 'm' AND bucket >= ? AND bucket <= ? AND key = ?`,
    );
    args.push(scope.kind, ...buckets.months, scope.key);
  }
  const rows = await jsonRows<[string, string, number]>(
    db,
    'b, metric, n',
    `SELECT b, metric, sum(n) AS n FROM (${selects.join(' UNION ALL ')}) GROUP BY b, metric`,
    args,
  );
  const series = new Map<string, Map<string, number>>();
  for (const [bucket, metric, n] of rows) {
    const metrics = series.get(bucket) ?? new Map<string, number>();
    metrics.set(metric, n);
    series.set(bucket, metrics);
  }
  return series;
}

/** The first day anything was counted (the scheme's launch as the data knows it), or null. */
export async function firstRolledUpDay(db: Executor): Promise<string | null> {
  const row = (
    await db.execute("SELECT min(bucket) AS day FROM metrics_counts WHERE kind = '' AND grain = 'd'")
  ).rows[0];
  return row?.day === null || row?.day === undefined ? null : String(row.day);
}
