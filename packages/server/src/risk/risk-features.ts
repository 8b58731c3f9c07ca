import type { Schema } from '@ezhili/contract';
import type { FieldError } from '../problem/problem-error.js';

/**
 * Data-declared features: indicators a model declares over the data itself (any mapped column
 * of shops or inspections, history over a trailing window, covariate data sets), instead of
 * the fixed catalogue (indicator-catalogue.ts). Each compiles to SQL over the scoring base
 * relation `b` (risk-sql.ts), so a run still scores every shop in one set-based statement.
 */
export type RiskFeature = Schema<'RiskFeature'>;
export type RiskFeatureLevel = Schema<'RiskFeatureLevel'>;

/** Canonical columns a feature may name, per source, with their SQL over `b`. */
const SHOP_NUMERIC: Record<string, string> = {
  rating: 'b.rating',
  complaintCount: 'b.complaint_count',
};
const SHOP_CATEGORY: Record<string, string> = {
  area: 'b.area',
  districtCode: 'b.district_code',
  platformId: 'b.platform_id',
};
const PREVIOUS_NUMERIC: Record<string, string> = {
  score: 'b.last_score',
  critical: 'b.last_critical',
  serious: 'b.last_serious',
  minor: 'b.last_minor',
};
const PREVIOUS_CATEGORY: Record<string, string> = { result: 'b.prev_result' };
/** Inspection columns a history aggregate may read (all in the covering history index). */
export const HISTORY_FIELDS = ['critical', 'serious', 'minor', 'score', 'inspections'] as const;
const AGGREGATES = ['count', 'sum', 'mean', 'rate', 'trend'] as const;
const COVARIATE_AGGREGATES = ['sum', 'mean', 'count', 'last'] as const;

/** Levels of a multi-valued category feature (one bit each in the stored value). */
export const MAX_MULTI_LEVELS = 24;
/** Levels of a single-valued category feature. */
export const MAX_LEVELS = 200;
export const DEFAULT_WINDOW_DAYS = 365;
export const DEFAULT_MIN_COUNT = 20;
export const FEATURE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const EXTRA = /^extra\.([A-Za-z][A-Za-z0-9_]{0,63})$/;
const DATASET = /^[a-z0-9-]{1,64}$/;

export function isCategory(feature: RiskFeature | undefined): boolean {
  return feature?.type === 'category' || feature?.type === 'categories';
}

/** Checks a feature declaration; pushes a field error for each problem (pointer under `at`). */
export function checkFeature(feature: RiskFeature, at: string, errors: FieldError[]): void {
  const fail = (field: string, detail: string) => errors.push({ pointer: `${at}/${field}`, detail });
  const type = feature.type ?? 'numeric';
  const field = feature.field ?? '';
  const extra = EXTRA.test(field);
  switch (feature.source) {
    case 'shop': {
      const known =
        type === 'numeric'
          ? Object.hasOwn(SHOP_NUMERIC, field)
          : type === 'categories'
            ? field === 'categories'
            : Object.hasOwn(SHOP_CATEGORY, field);
      if (!known && !extra)
        fail(
          'field',
          type === 'numeric'
            ? `must be ${Object.keys(SHOP_NUMERIC).join(', ')} or extra.NAME`
            : type === 'categories'
              ? 'must be categories or extra.NAME (a list)'
              : `must be ${Object.keys(SHOP_CATEGORY).join(', ')} or extra.NAME`,
        );
      break;
    }
    case 'previous': {
      const known =
        type === 'numeric' ? Object.hasOwn(PREVIOUS_NUMERIC, field) : Object.hasOwn(PREVIOUS_CATEGORY, field);
      if (!known && !extra)
        fail(
          'field',
          `must be ${Object.keys(type === 'numeric' ? PREVIOUS_NUMERIC : PREVIOUS_CATEGORY).join(', ')} or extra.NAME`,
        );
      break;
    }
    case 'history':
      if (type !== 'numeric') fail('type', 'history aggregates are numeric');
      if (!(HISTORY_FIELDS as readonly string[]).includes(field))
        fail('field', `must be one of ${HISTORY_FIELDS.join(', ')}`);
      if (!(AGGREGATES as readonly string[]).includes(feature.aggregate ?? ''))
        fail('aggregate', `must be one of ${AGGREGATES.join(', ')}`);
      else if (field === 'inspections' && feature.aggregate !== 'count')
        fail('aggregate', 'inspections can only be counted');
      break;
    case 'covariate':
      if (type !== 'numeric') fail('type', 'covariates are numeric');
      if (!DATASET.test(feature.dataset ?? '')) fail('dataset', 'must name a covariate data set');
      if (!(COVARIATE_AGGREGATES as readonly string[]).includes(feature.aggregate ?? 'sum'))
        fail('aggregate', `must be one of ${COVARIATE_AGGREGATES.join(', ')}`);
      break;
    default:
      fail('source', 'must be shop, previous, history or covariate');
  }
  if (type === 'categories' && feature.source !== 'shop')
    fail('type', 'lists (categories) come from shop fields');
  const window = feature.windowDays;
  if (window !== undefined && !(Number.isInteger(window) && window >= 1 && window <= 3650))
    fail('windowDays', 'must be a whole number of days from 1 to 3650');
}

/** SQL string literal. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function extraPath(field: string): string | undefined {
  const m = EXTRA.exec(field);
  return m ? quote(`$.${m[1]}`) : undefined;
}

/** What a feature needs from the base relation (risk-sql.ts builds only what some feature reads). */
export interface FeatureNeeds {
  /** The latest earlier inspection's full row (result, extra). */
  previousRow: boolean;
  /** Shop columns beyond the catalogue's. */
  shopColumns: Set<string>;
}

export function featureNeeds(features: (RiskFeature | undefined)[]): FeatureNeeds {
  const needs: FeatureNeeds = { previousRow: false, shopColumns: new Set() };
  for (const f of features) {
    if (!f) continue;
    const field = f.field ?? '';
    if (f.source === 'previous' && (field === 'result' || EXTRA.test(field))) needs.previousRow = true;
    if (f.source === 'shop') {
      if (EXTRA.test(field)) needs.shopColumns.add('extra');
      else if (field === 'categories') needs.shopColumns.add('categories');
      else if (field === 'area') needs.shopColumns.add('area');
      else if (field === 'districtCode') needs.shopColumns.add('district_code');
      else if (field === 'platformId') needs.shopColumns.add('platform_id');
    }
    if (f.source === 'covariate') needs.shopColumns.add('area');
  }
  return needs;
}

/**
 * History aggregates of feature `i` for the GROUP BY over a shop's inspections (`p` the alias of
 * the inspection rows, `asOf` the day scored), named `f{i}`; only rows inside the trailing window.
 */
export function historyAggregateSql(
  feature: RiskFeature,
  i: number,
  p: string,
  asOf: string,
): string | undefined {
  if (feature.source !== 'history') return undefined;
  const window = feature.windowDays ?? DEFAULT_WINDOW_DAYS;
  const inWindow = `${p}day >= ${asOf} - ${Math.trunc(window)}`;
  const field = feature.field === 'inspections' ? '1' : `${p}${feature.field}`;
  switch (feature.aggregate) {
    case 'count':
      return `count(CASE WHEN ${inWindow} THEN ${field} END) AS f${i}`;
    case 'sum':
      return `sum(CASE WHEN ${inWindow} THEN ${field} END) AS f${i}`;
    case 'rate':
      return `avg(CASE WHEN ${inWindow} AND ${field} IS NOT NULL THEN (${field} > 0) END) AS f${i}`;
    default:
      // mean and trend (the latest value minus the window's mean)
      return `avg(CASE WHEN ${inWindow} THEN ${field} END) AS f${i}`;
  }
}

/** The rows of a covariate feature's data set inside its window before day `asOf` (SQL). */
export function covariateWindowSql(feature: RiskFeature, asOf: string): string {
  const window = Math.trunc(feature.windowDays ?? DEFAULT_WINDOW_DAYS);
  return `dataset = ${quote(feature.dataset!)} AND day < ${asOf} AND day >= ${asOf} - ${window}`;
}

/** The aggregate of a covariate's values as SQL over `value` (for `last`: the newest row's). */
export function covariateAggregateSql(feature: RiskFeature): string {
  const aggregate = feature.aggregate ?? 'sum';
  return aggregate === 'mean'
    ? 'avg(value)'
    : aggregate === 'count'
      ? 'count(value)'
      : aggregate === 'last'
        ? 'value'
        : 'sum(value)';
}

/**
 * A covariate for one area as of one day, as a correlated subquery (calibration: each
 * inspection has its own day), falling back to the data set's city-wide rows (`*`).
 */
export function covariateLookupSql(feature: RiskFeature, area: string, asOf: string): string {
  const select = (areaSql: string) => {
    const where = `${covariateWindowSql(feature, asOf)} AND area = ${areaSql}`;
    return feature.aggregate === 'last'
      ? `(SELECT value FROM risk_covariates WHERE ${where} ORDER BY day DESC LIMIT 1)`
      : `(SELECT ${covariateAggregateSql(feature)} FROM risk_covariates WHERE ${where})`;
  };
  return `coalesce(${select(`coalesce(${area}, '')`)}, ${select("'*'")}, 0)`;
}

/**
 * The raw value of a feature over `b`: a number for numeric features; for a category feature its
 * text (lists: JSON text), which `categorySql` turns into a level code once levels are known.
 */
export function featureValueSql(feature: RiskFeature, i: number): string {
  const field = feature.field ?? '';
  const path = extraPath(field);
  const numeric = (feature.type ?? 'numeric') === 'numeric';
  switch (feature.source) {
    case 'shop':
      if (path) return numeric ? `coalesce(CAST(b.extra ->> ${path} AS REAL), 0)` : `b.extra ->> ${path}`;
      if (numeric) return `coalesce(${SHOP_NUMERIC[field]}, 0)`;
      return feature.type === 'categories' ? 'b.categories' : SHOP_CATEGORY[field]!;
    case 'previous':
      if (path)
        return numeric ? `coalesce(CAST(b.prev_extra ->> ${path} AS REAL), 0)` : `b.prev_extra ->> ${path}`;
      return numeric ? `coalesce(${PREVIOUS_NUMERIC[field]}, 0)` : PREVIOUS_CATEGORY[field]!;
    case 'history':
      if (feature.aggregate === 'trend') {
        const last = feature.field === 'score' ? 'b.last_score' : `b.last_${feature.field}`;
        return `coalesce(${last} - b.f${i}, 0)`;
      }
      return `coalesce(b.f${i}, 0)`;
    default:
      return `b.cv${i}`;
  }
}

/**
 * A category feature's stored code from its raw text `x`: the level's 1-based position (0 for
 * any other value) or, for lists, a bit per level present (bit k + 1) plus bit 0 when the list
 * holds a value that is not a level. A missing value is the level "" (none).
 */
export function categoryCodeSql(feature: RiskFeature, levels: RiskFeatureLevel[], x: string): string {
  if (feature.type === 'categories') {
    if (levels.length === 0)
      return `(CASE WHEN json_array_length(coalesce(${x}, '[]')) > 0 THEN 1 ELSE 0 END)`;
    // Lists are stored as JSON arrays written by JSON.stringify: an element is `,"value",` once
    // the brackets are turned into commas (the needle gets the same treatment).
    const hay = `replace(replace(coalesce(${x}, '[]'), '[', ','), ']', ',')`;
    const hits = levels.map(
      (l) =>
        `(instr(${hay}, ${quote(`,${JSON.stringify(l.value).replaceAll('[', ',').replaceAll(']', ',')},`)}) > 0)`,
    );
    const bits = hits.map((hit, k) => `${hit} * ${2 ** (k + 1)}`).join(' + ');
    return `(${bits} + (json_array_length(coalesce(${x}, '[]')) > ${hits.join(' + ')}))`;
  }
  if (levels.length === 0) return '0';
  return `(CASE coalesce(${x}, '') ${levels.map((l, k) => `WHEN ${quote(l.value)} THEN ${k + 1}`).join(' ')} ELSE 0 END)`;
}

/** The log-odds a category code adds (before the centre is taken off), in SQL over code `c`. */
export function categoryWeightSql(
  feature: RiskFeature,
  levels: RiskFeatureLevel[],
  otherWeight: number,
  c: string,
  num: (v: number) => string,
): string {
  if (feature.type === 'categories') {
    const terms = levels.map((l, k) => `((${c} >> ${k + 1}) & 1) * ${num(l.weight)}`);
    return `(${[...terms, `(${c} & 1) * ${num(otherWeight)}`].join(' + ')})`;
  }
  return `(CASE ${c} ${levels.map((l, k) => `WHEN ${k + 1} THEN ${num(l.weight)}`).join(' ')} ELSE ${num(otherWeight)} END)`;
}

/** The same in JavaScript, for explaining a stored code: the levels present and their log-odds. */
export function categoryContribution(
  feature: RiskFeature,
  levels: RiskFeatureLevel[],
  otherWeight: number,
  code: number,
): { weight: number; present: string[] } {
  if (feature.type === 'categories') {
    let weight = 0;
    const present: string[] = [];
    levels.forEach((l, k) => {
      if (Math.floor(code / 2 ** (k + 1)) % 2 === 1) {
        weight += l.weight;
        present.push(l.value);
      }
    });
    if (code % 2 === 1) {
      weight += otherWeight;
      present.push(OTHER_LEVEL);
    }
    return { weight, present };
  }
  const level = code >= 1 ? levels[code - 1] : undefined;
  return level
    ? { weight: level.weight, present: [level.value] }
    : { weight: otherWeight, present: [OTHER_LEVEL] };
}

/** How "any value that is not a level" is shown in explanations and exports. */
export const OTHER_LEVEL = '(other)';

/**
 * One-hot columns of a category feature over raw values (from SQL): the levels seen at least
 * `minCount` times in `rows` (most frequent first, capped), and each row's indicator per level
 * plus an "other" column. Lists count each element.
 */
export function categoryLevels(feature: RiskFeature, raw: unknown[], minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const value of raw)
    for (const v of categoryValues(feature, value)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const cap = feature.type === 'categories' ? MAX_MULTI_LEVELS : MAX_LEVELS;
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, cap)
    .map(([v]) => v);
}

/** The values of one raw category cell: one value ("" when missing) or a list's elements. */
export function categoryValues(feature: RiskFeature, value: unknown): string[] {
  if (feature.type !== 'categories') return [value === null || value === undefined ? '' : String(value)];
  if (typeof value !== 'string' || value === '') return [];
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.map(String) : [String(list)];
  } catch {
    return [value];
  }
}
