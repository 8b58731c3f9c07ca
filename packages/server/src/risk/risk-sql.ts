import { INDICATORS } from './indicator-catalogue.js';
import {
  categoryCodeSql,
  categoryWeightSql,
  covariateAggregateSql,
  covariateLookupSql,
  covariateWindowSql,
  featureNeeds,
  featureValueSql,
  historyAggregateSql,
  isCategory,
} from './risk-features.js';
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
  model: NormalisedModel,
  prefix: string,
  asOfDaySql: string,
  counted?: string,
  clamp = true,
): string {
  const w = decay(`${asOfDaySql} - ${prefix}day`, model.halfLifeDays, clamp);
  const n = counted === undefined ? 'count(*)' : `nullif(count(${counted}), 0)`;
  // Window aggregates of data-declared history features: plain sums and averages, so that
  // `max(day)` stays the only max()/min() and the bare columns stay the latest inspection's.
  const windows = model.indicators.flatMap((ind, i) => {
    const sql = ind.feature && historyAggregateSql(ind.feature, i, prefix, asOfDaySql);
    return sql ? [`, ${sql}`] : [];
  });
  return `${n} AS n, max(${prefix}day) AS last_day, ${prefix}critical AS last_critical,
    ${prefix}serious AS last_serious, ${prefix}minor AS last_minor, ${prefix}score AS last_score, ${prefix}seq AS last_seq,
    sum(${prefix}critical * ${w}) AS critical_w, sum(${prefix}serious * ${w}) AS serious_w,
    sum(${prefix}minor * ${w}) AS minor_w${windows.join('')}`;
}

/** The model's data-declared features with their positions. */
function features(model: NormalisedModel) {
  return model.indicators.flatMap((ind, i) => (ind.feature ? [{ feature: ind.feature, i }] : []));
}

/** Shop columns the model's features read beyond the catalogue's, for the base relation. */
function extraShopColumns(model: NormalisedModel, alias: string): string {
  const needs = featureNeeds(model.indicators.map((ind) => ind.feature));
  return [...needs.shopColumns].map((c) => `, ${alias}.${c}`).join('');
}

/** Joins the latest earlier inspection's row (`last_seq`) when a feature reads its result or extras. */
function previousRow(model: NormalisedModel, from: string): { columns: string; join: string } {
  if (!featureNeeds(model.indicators.map((ind) => ind.feature)).previousRow) return { columns: '', join: '' };
  return {
    columns: ', li.result AS prev_result, li.extra AS prev_extra',
    join: `LEFT JOIN inspections li ON li.seq = ${from}.last_seq`,
  };
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
  const previous = previousRow(model, 'h');
  // Covariates: one aggregate per area for the run's day (all shops share it), joined by area;
  // the city-wide rows (`*`) are an uncorrelated subquery, computed once.
  const covariates = features(model).filter(({ feature }) => feature.source === 'covariate');
  const covariateColumns = covariates
    .map(
      ({ feature, i }) =>
        `, coalesce(cv${i}.v, (SELECT ${covariateAggregateSql(feature)} FROM risk_covariates WHERE ${covariateWindowSql(feature, '?3')} AND area = '*'${feature.aggregate === 'last' ? ' ORDER BY day DESC LIMIT 1' : ''}), 0) AS cv${i}`,
    )
    .join('');
  const covariateJoins = covariates
    .map(
      ({ feature, i }) =>
        `LEFT JOIN (SELECT area, ${covariateAggregateSql(feature)} AS v${feature.aggregate === 'last' ? ', max(day) AS d' : ''} FROM risk_covariates
           WHERE ${covariateWindowSql(feature, '?3')} GROUP BY area) cv${i} ON cv${i}.area = coalesce(h.area, '')`,
    )
    .join('\n    ');
  return `SELECT h.*, ${count('tp', uses('tip_count'))} AS tips, ${count('cf', uses('confirmed_violations'))} AS confirmed,
      ${count('tk', uses('prior_takedowns'))} AS takedowns${previous.columns}${covariateColumns}
    FROM (SELECT s.id AS key, ?3 AS as_of_day, ?4 AS as_of_date,
        ${historyColumns(model, 'i.', '?3', 'i.day', options.clampDecay ?? true)},
        s.licence_number, s.licence_expiry, s.licence_issued, s.rating, s.complaint_count, s.online${extraShopColumns(model, 's')}
      FROM shops s LEFT JOIN inspections i INDEXED BY inspections_history ON i.shop_id = s.id AND i.day < ?3
      WHERE ${page('s.id')} GROUP BY s.id ${LAYER}) h
    ${previous.join}
    ${covariateJoins}
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
  const previous = previousRow(model, 'a');
  const windows = features(model)
    .filter(({ feature }) => feature.source === 'history')
    .map(({ i }) => `, a.f${i}`)
    .join('');
  const covariates = features(model)
    .filter(({ feature }) => feature.source === 'covariate')
    .map(({ feature, i }) => `, ${covariateLookupSql(feature, 's.area', 't.day')} AS cv${i}`)
    .join('');
  return `SELECT t.seq AS key, t.day AS as_of_day, t.inspected_on AS as_of_date,
      t.critical AS found_critical, t.serious AS found_serious,
      a.n, a.last_day, a.last_critical, a.last_serious, a.last_minor, a.last_score, a.last_seq, a.critical_w, a.serious_w,
      a.minor_w${windows}${previous.columns}${covariates},
      s.licence_number, s.licence_expiry, s.licence_issued, NULL AS rating, NULL AS complaint_count, NULL AS online${extraShopColumns(model, 's')},
      (SELECT count(*) FROM cases c WHERE c.shop_id = t.shop_id AND ${before('c.received_at')} AND ${TIP_OUTCOMES}) AS tips,
      (SELECT count(*) FROM cases c WHERE c.shop_id = t.shop_id AND c.outcome = 'violation_confirmed' AND ${before('c.closed_at')}) AS confirmed,
      (SELECT count(*) FROM shop_takedowns d WHERE d.shop_id = t.shop_id AND ${before('d.taken_down_at')}) AS takedowns
    FROM inspections t
    JOIN shops s ON s.id = t.shop_id
    LEFT JOIN (SELECT t2.seq AS tseq, ${historyColumns(model, 'h.', 't2.day')}
      FROM inspections t2 JOIN inspections h ON h.shop_id = t2.shop_id AND h.day < t2.day
      WHERE t2.day >= ?1 AND t2.day < ?2 GROUP BY t2.seq) a ON a.tseq = t.seq
    ${previous.join}
    WHERE t.day >= ?1 AND t.day < ?2`;
}

/** An indicator's raw value over `b`: a catalogue indicator's, or a declared feature's. */
function rawValueSql(indicator: NormalisedIndicator, i: number): string {
  return indicator.feature ? featureValueSql(indicator.feature, i) : INDICATORS[indicator.indicator!].sql;
}

/**
 * The value a score stores for an indicator: the raw value, or for a category feature its
 * level code (categoryCodeSql), so that explanations can name the level.
 */
function storedValueSql(indicator: NormalisedIndicator, i: number): string {
  const raw = rawValueSql(indicator, i);
  return isCategory(indicator.feature)
    ? categoryCodeSql(indicator.feature!, indicator.levels ?? [], raw)
    : raw;
}

/** An indicator's contribution to the log-odds from its stored value `x`. */
function contributionSql(indicator: NormalisedIndicator, x: string): string {
  if (isCategory(indicator.feature)) {
    const levelWeight = categoryWeightSql(
      indicator.feature!,
      indicator.levels ?? [],
      indicator.otherWeight ?? 0,
      x,
      sqlNumber,
    );
    return `(${sqlNumber(indicator.weight)} * (${levelWeight} - ${sqlNumber(indicator.center)}))`;
  }
  return `(${sqlNumber(indicator.weight)} * (${transformSql(indicator, x)} - ${sqlNumber(indicator.center)}) / ${sqlNumber(indicator.scale)})`;
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
  const xs = model.indicators.map((ind, i) => `${rawValueSql(ind, i)} AS x${i}`);
  // A category feature's raw text passes through as is; calibration one-hot encodes it.
  const ts = model.indicators.map((ind, i) =>
    isCategory(ind.feature) ? `x${i} AS t${i}` : `${transformSql(ind, `x${i}`)} AS t${i}`,
  );
  const kept = ['key', ...keep].join(', ');
  return `SELECT ${kept}, ${model.indicators.map((_, i) => `x${i}`).join(', ')}, ${ts.join(', ')}
    FROM (SELECT ${['b.key', ...keep.map((k) => `b.${k}`)].join(', ')}, ${xs.join(', ')} FROM (${baseSql}) b ${LAYER})`;
}

/**
 * Scores over a base relation: `key`, `score` (0–100, full precision), `tier` and `detail`, the
 * comma-separated raw values x0,x1,... of the model's indicators (six significant digits), from
 * which `contributions()` (risk-contributions.ts) explains the score when it is read.
 */
export function scoreSql(model: NormalisedModel, baseSql: string, keep: string[] = []): string {
  // Each transformed value and contribution is read once, so they are written inline in the
  // sum (the same operations in the same order as separate layers, two row copies fewer); the
  // raw values are read twice (transform and explanation) and the score four times, so those
  // keep a layer of their own.
  const xs = model.indicators.map((ind, i) => `${storedValueSql(ind, i)} AS x${i}`);
  const contributions = model.indicators.map((ind, i) => contributionSql(ind, `x${i}`));
  const z = [sqlNumber(model.intercept), ...contributions].join(' + ');
  // One printf of the raw values: a JSON array of values and contributions costs several times more.
  // Category codes are whole numbers that may pass 6 digits (bit sets): written exactly.
  const detail = `printf('${model.indicators.map((ind) => (isCategory(ind.feature) ? '%d' : '%.6g')).join(',')}', ${model.indicators.map((_, i) => `x${i}`).join(', ')})`;
  const kept = keep.length > 0 ? `, ${keep.join(', ')}` : '';
  const { B, C, D } = model.tiers;
  return `SELECT key${kept}, score,
      CASE WHEN score >= ${sqlNumber(D)} THEN 'D' WHEN score >= ${sqlNumber(C)} THEN 'C'
           WHEN score >= ${sqlNumber(B)} THEN 'B' ELSE 'A' END AS tier, detail
    FROM (SELECT key${kept}, 100.0 / (1.0 + exp(-max(-60.0, min(60.0, ${z})))) AS score,
        ${detail} AS detail
      FROM (SELECT ${['b.key', ...keep.map((k) => `b.${k}`)].join(', ')}, ${xs.join(', ')} FROM (${baseSql}) b ${LAYER}) ${LAYER})`;
}
