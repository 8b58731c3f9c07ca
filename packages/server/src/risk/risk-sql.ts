import { INDICATORS } from './indicator-catalogue.js';
import type { NormalisedIndicator, NormalisedModel } from './risk-model.js';

/**
 * The model compiled to SQL. Scoring is one set-based statement per page of shops: features are
 * aggregated from the inspection history (GROUP BY over a covering index), transformed, weighted
 * and written by SQLite itself, so a run never moves a shop's history through JavaScript.
 *
 * Every statement reads a base relation `b` with one row per scored subject: a shop as of the
 * run's day, or an inspection as of its own day (calibration and backtest). Both provide the same
 * columns, so an indicator is defined once (indicator-catalogue.ts) for both.
 */

const LN2 = Math.LN2;

/**
 * Ends each layer of the scoring query. SQLite flattens subqueries by substituting expressions,
 * which would recompute every indicator once per reference (the score alone is read four times);
 * a subquery with an OFFSET is never flattened, so each layer is computed once per row.
 */
const LAYER = 'LIMIT -1 OFFSET 0';

/** A validated number as an SQL literal (models are checked finite before they get here). */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error('non-finite number in a risk model');
  return String(value);
}

/** The recency weight 0.5^(age / halfLife); clamped because SQLite's exp() refuses underflow. */
function decay(ageSql: string, halfLifeDays: number, clamp = true): string {
  const exponent = `-(${ageSql}) * ${sqlNumber(LN2 / halfLifeDays)}`;
  return clamp ? `exp(max(-300.0, ${exponent}))` : `exp(${exponent})`;
}

/**
 * Whether an age up to `maxAgeDays` can bring the decay's exponent near -300. When not, the
 * clamp is the identity on every row and a run may leave it out (two function calls fewer per
 * violation count and inspection); the margin of 1 covers any last-digit difference between
 * this and SQLite's arithmetic.
 */
export function decayClampNeeded(maxAgeDays: number, halfLifeDays: number): boolean {
  return !(-maxAgeDays * (LN2 / halfLifeDays) >= -299.0);
}

/**
 * The history aggregates of one shop as of a day: `max(day)` makes SQLite take the bare columns
 * (`critical`, `serious`, `score`) from the latest inspection's row. `counted` is a column that
 * is NULL only on a LEFT JOIN's missing row: `n` is NULL, not 0, for a shop without history.
 */
function historyColumns(
  prefix: string,
  asOfDaySql: string,
  halfLifeDays: number,
  counted?: string,
  clamp = true,
): string {
  const w = decay(`${asOfDaySql} - ${prefix}day`, halfLifeDays, clamp);
  const n = counted === undefined ? 'count(*)' : `nullif(count(${counted}), 0)`;
  return `${n} AS n, max(${prefix}day) AS last_day, ${prefix}critical AS last_critical,
    ${prefix}serious AS last_serious, ${prefix}score AS last_score,
    sum(${prefix}critical * ${w}) AS critical_w, sum(${prefix}serious * ${w}) AS serious_w,
    sum(${prefix}minor * ${w}) AS minor_w`;
}

const TIP_OUTCOMES = "(outcome IS NULL OR outcome NOT IN ('rejected', 'duplicate'))";

/**
 * The base relation of a run over one page of shops, `id > ?1 AND id <= ?2`, as of day `?3`
 * (days since 1970-01-01) and date `?4` (YYYY-MM-DD).
 *
 * The history is aggregated by walking the shops in id order and, for each, its inspections on
 * the covering index (`shop_id`, `day`, …), grouped by shop as they come: no temporary table of
 * aggregates and no automatic index to join it back (a third of a page's time before).
 * `clampDecay: false` only when `decayClampNeeded` says no for the oldest inspection.
 */
export function runBaseSql(model: NormalisedModel, options: { clampDecay?: boolean } = {}): string {
  const page = (column: string) => `${column} > ?1 AND ${column} <= ?2`;
  const uses = (id: string) => model.indicators.some((ind) => ind.indicator === id);
  // Case and take-down counts are joined only when the model reads them.
  const counted = (alias: string, used: boolean, from: string) =>
    used
      ? `LEFT JOIN (SELECT shop_id, count(*) AS n FROM ${from} GROUP BY shop_id) ${alias} ON ${alias}.shop_id = h.key`
      : '';
  const count = (alias: string, used: boolean) => (used ? `${alias}.n` : 'NULL');
  return `SELECT h.*, ${count('tp', uses('tip_count'))} AS tips, ${count('cf', uses('confirmed_violations'))} AS confirmed,
      ${count('tk', uses('prior_takedowns'))} AS takedowns
    FROM (SELECT s.id AS key, ?3 AS as_of_day, ?4 AS as_of_date,
        ${historyColumns('i.', '?3', model.halfLifeDays, 'i.day', options.clampDecay ?? true)},
        s.licence_number, s.licence_expiry, s.licence_issued, s.rating, s.complaint_count, s.online
      FROM shops s LEFT JOIN inspections i INDEXED BY inspections_history ON i.shop_id = s.id AND i.day < ?3
      WHERE ${page('s.id')} GROUP BY s.id ${LAYER}) h
    ${counted('tp', uses('tip_count'), `cases WHERE ${page('shop_id')} AND received_at < ?4 AND ${TIP_OUTCOMES}`)}
    ${counted('cf', uses('confirmed_violations'), `cases WHERE ${page('shop_id')} AND outcome = 'violation_confirmed' AND closed_at < ?4`)}
    ${counted('tk', uses('prior_takedowns'), `shop_takedowns WHERE ${page('shop_id')} AND taken_down_at < ?4`)}`;
}

/**
 * The base relation for calibration and backtests: one row per inspection with day in
 * [?1, ?2), each as of its own day, seeing only records dated before that day. Shop attributes
 * kept without history (rating, complaints, online) are NULL here: their past values are unknown.
 */
export function inspectionBaseSql(model: NormalisedModel): string {
  const before = (column: string) => `${column} < t.inspected_on`;
  return `SELECT t.seq AS key, t.day AS as_of_day, t.inspected_on AS as_of_date,
      t.critical AS found_critical, t.serious AS found_serious,
      a.n, a.last_day, a.last_critical, a.last_serious, a.last_score, a.critical_w, a.serious_w, a.minor_w,
      s.licence_number, s.licence_expiry, s.licence_issued, NULL AS rating, NULL AS complaint_count, NULL AS online,
      (SELECT count(*) FROM cases c WHERE c.shop_id = t.shop_id AND ${before('c.received_at')} AND ${TIP_OUTCOMES}) AS tips,
      (SELECT count(*) FROM cases c WHERE c.shop_id = t.shop_id AND c.outcome = 'violation_confirmed' AND ${before('c.closed_at')}) AS confirmed,
      (SELECT count(*) FROM shop_takedowns d WHERE d.shop_id = t.shop_id AND ${before('d.taken_down_at')}) AS takedowns
    FROM inspections t
    JOIN shops s ON s.id = t.shop_id
    LEFT JOIN (SELECT t2.seq AS tseq, ${historyColumns('h.', 't2.day', model.halfLifeDays)}
      FROM inspections t2 JOIN inspections h ON h.shop_id = t2.shop_id AND h.day < t2.day
      WHERE t2.day >= ?1 AND t2.day < ?2 GROUP BY t2.seq) a ON a.tseq = t.seq
    WHERE t.day >= ?1 AND t.day < ?2`;
}

function transformSql(indicator: NormalisedIndicator, x: string): string {
  switch (indicator.transform) {
    case 'log1p':
      return `ln(1.0 + max(${x}, 0))`;
    case 'sqrt':
      return `sqrt(max(${x}, 0))`;
    case 'binary':
      return `(CASE WHEN ${x} > 0 THEN 1.0 ELSE 0.0 END)`;
    case 'cap':
      return `min(${x}, ${sqlNumber(indicator.cap!)})`;
    default:
      return `(${x})`;
  }
}

/**
 * Raw values `x0..xn` and transformed values `t0..tn` of the model's indicators over a base
 * relation, plus the base's own columns listed in `keep`.
 */
export function featureSql(model: NormalisedModel, baseSql: string, keep: string[] = []): string {
  const xs = model.indicators.map((ind, i) => `${INDICATORS[ind.indicator].sql} AS x${i}`);
  const ts = model.indicators.map((ind, i) => `${transformSql(ind, `x${i}`)} AS t${i}`);
  const kept = ['key', ...keep].join(', ');
  return `SELECT ${kept}, ${model.indicators.map((_, i) => `x${i}`).join(', ')}, ${ts.join(', ')}
    FROM (SELECT ${['b.key', ...keep.map((k) => `b.${k}`)].join(', ')}, ${xs.join(', ')} FROM (${baseSql}) b ${LAYER})`;
}

/**
 * Scores over a base relation: `key`, `score` (0–100, two decimals), `tier` and `detail`, the
 * comma-separated raw values x0,x1,... of the model's indicators (six significant digits), from
 * which `contributions()` (risk-contributions.ts) explains the score when it is read.
 */
export function scoreSql(model: NormalisedModel, baseSql: string, keep: string[] = []): string {
  // Each transformed value and contribution is read once, so they are written inline in the
  // sum (the same operations in the same order as separate layers, two row copies fewer); the
  // raw values are read twice (transform and explanation) and the score four times, so those
  // keep a layer of their own.
  const xs = model.indicators.map((ind, i) => `${INDICATORS[ind.indicator].sql} AS x${i}`);
  const contributions = model.indicators.map(
    (ind, i) =>
      `(${sqlNumber(ind.weight)} * (${transformSql(ind, `x${i}`)} - ${sqlNumber(ind.center)}) / ${sqlNumber(ind.scale)})`,
  );
  const z = [sqlNumber(model.intercept), ...contributions].join(' + ');
  // One printf of the raw values: a JSON array of values and contributions costs several times more.
  const detail = `printf('${model.indicators.map(() => '%.6g').join(',')}', ${model.indicators.map((_, i) => `x${i}`).join(', ')})`;
  const kept = keep.length > 0 ? `, ${keep.join(', ')}` : '';
  const { B, C, D } = model.tiers;
  return `SELECT key${kept}, score,
      CASE WHEN score >= ${sqlNumber(D)} THEN 'D' WHEN score >= ${sqlNumber(C)} THEN 'C'
           WHEN score >= ${sqlNumber(B)} THEN 'B' ELSE 'A' END AS tier, detail
    FROM (SELECT key${kept}, round(100.0 / (1.0 + exp(-max(-60.0, min(60.0, ${z})))), 2) AS score,
        ${detail} AS detail
      FROM (SELECT ${['b.key', ...keep.map((k) => `b.${k}`)].join(', ')}, ${xs.join(', ')} FROM (${baseSql}) b ${LAYER}) ${LAYER})`;
}
