import type { Executor } from '../db/database.js';
import { percentileOfHistogram } from './duration-code.js';
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
  const rows = (
    await db.execute({
      sql: `SELECT metric, key, sum(n) AS n FROM (${selects.join(' UNION ALL ')}) GROUP BY metric, key`,
      args: parts.flatMap((_, i) => [scope.kind, args[i * 2]!, args[i * 2 + 1]!, ...keyArgs]),
    })
  ).rows;
  for (const row of rows) {
    const key = String(row.key);
    const metrics = result.get(key) ?? new Map<string, number>();
    metrics.set(String(row.metric), Number(row.n));
    result.set(key, metrics);
  }
  return result;
}

export interface Percentiles {
  median: number | null;
  p90: number | null;
}

/** Median and p90 (hours) per key of one duration metric over a period. */
export async function readPercentiles(
  db: Executor,
  buckets: PeriodBuckets,
  scope: Scope,
  metric: DurationMetric,
): Promise<Map<string, Percentiles>> {
  const { parts, args, keyFilter, keyArgs } = rangesSql(buckets, scope);
  const histograms = new Map<string, Map<number, number>>();
  if (parts.length > 0) {
    const selects = parts.map(
      (part) =>
        `SELECT key, code, n FROM metrics_durations WHERE kind = ? AND ${part} AND metric = ?${keyFilter}`,
    );
    const rows = (
      await db.execute({
        sql: `SELECT key, code, sum(n) AS n FROM (${selects.join(' UNION ALL ')}) GROUP BY key, code`,
        args: parts.flatMap((_, i) => [scope.kind, args[i * 2]!, args[i * 2 + 1]!, metric, ...keyArgs]),
      })
    ).rows;
    for (const row of rows) {
      const key = String(row.key);
      const histogram = histograms.get(key) ?? new Map<number, number>();
      histogram.set(Number(row.code), Number(row.n));
      histograms.set(key, histogram);
    }
  }
  const result = new Map<string, Percentiles>();
  for (const [key, histogram] of histograms) {
    result.set(key, {
      median: percentileOfHistogram(histogram, 50),
      p90: percentileOfHistogram(histogram, 90),
    });
  }
  return result;
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
  const rows = (
    await db.execute({
      sql: `SELECT b, metric, sum(n) AS n FROM (${selects.join(' UNION ALL ')}) GROUP BY b, metric`,
      args,
    })
  ).rows;
  const series = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const bucket = String(row.b);
    const metrics = series.get(bucket) ?? new Map<string, number>();
    metrics.set(String(row.metric), Number(row.n));
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
