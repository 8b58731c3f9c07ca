import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { unprocessable } from '../problem/problem-error.js';
import { INDICATORS } from './indicator-catalogue.js';
import { fitLogistic } from './logistic-regression.js';
import { categoryLevels, categoryValues, DEFAULT_MIN_COUNT, isCategory } from './risk-features.js';
import { type NormalisedIndicator, type NormalisedModel, normaliseRiskModel } from './risk-model.js';
import { featureSql, inspectionBaseSql } from './risk-sql.js';

export type BacktestTarget = 'critical' | 'critical_or_serious';
export type RiskWarning = Schema<'RiskWarning'>;

/** Days `[start, end)` (days since 1970-01-01). */
export interface DayWindow {
  start: number;
  end: number;
}

export interface CalibrationSettings {
  target: BacktestTarget;
  l2: number;
  halfLifeDays: number;
  /** Overrides every category feature's own minimum count, when set. */
  minCount?: number;
}

export interface Calibration {
  model: NormalisedModel;
  trainInspections: number;
  trainPositives: number;
  warnings: RiskWarning[];
}

export const isPositive = (row: Record<string, unknown>, target: BacktestTarget) =>
  Number(row.found_critical) > 0 || (target === 'critical_or_serious' && Number(row.found_serious) > 0);

/** The point-in-time feature rows of the inspections in a window, as the model's indicators see them. */
export async function featureRows(
  db: Executor,
  model: NormalisedModel,
  window: DayWindow,
): Promise<Record<string, unknown>[]> {
  return (
    await db.execute({
      sql: featureSql(model, inspectionBaseSql(model), [
        'found_critical',
        'found_serious',
        'n',
        'last_score',
        'last_critical',
        'as_of_day',
      ]),
      args: [window.start, window.end],
    })
  ).rows;
}

/** A standardised weight below this moves no ranking worth speaking of. */
const NEGLIGIBLE = 1e-3;
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Fits the weights of a model's indicators by L2-regularised logistic regression on feature rows
 * (each inspection described only by what was on record before its own day). Numeric
 * indicators are standardised (the model keeps mean and standard deviation as `center` and
 * `scale`); category features are one-hot encoded over their levels (values seen at least
 * `minCount` times in these rows) plus an "other" level, and keep one weight per level.
 *
 * Nothing is dropped silently: an indicator without history (rating, complaints, online) keeps
 * its current entry, one without variation in the rows is set to weight 0, and one whose fitted
 * weight is negligible leaves the model with fewer effective indicators than it declares; each
 * is a warning. Tiers start at the training base rate (B), 1.5 times it (C) and twice it (D).
 */
export function fitModel(
  base: NormalisedModel,
  rows: Record<string, unknown>[],
  settings: CalibrationSettings,
  label: string,
): Calibration {
  const { target, l2 } = settings;
  const labels = Uint8Array.from(rows, (row) => (isPositive(row, target) ? 1 : 0));
  const positives = labels.reduce((s, y) => s + y, 0);
  if (rows.length < 20 || positives === 0 || positives === rows.length) {
    throw unprocessable(
      'not_enough_history',
      `Calibration needs inspections with and without violations ${label}; found ${rows.length} (${positives} with).`,
    );
  }
  const warnings: RiskWarning[] = [];
  const dense: { indicator: number; values: Float64Array; mean: number; sd: number }[] = [];
  const sparse: { indicator: number; levels: string[]; minCount: number }[] = [];
  const notCalibrated: string[] = [];
  const constant: string[] = [];
  base.indicators.forEach((ind, i) => {
    if (!ind.feature && !INDICATORS[ind.indicator!].pointInTime) {
      notCalibrated.push(ind.name);
      return;
    }
    if (isCategory(ind.feature)) {
      const minCount = settings.minCount ?? ind.minCount ?? DEFAULT_MIN_COUNT;
      const levels = categoryLevels(
        ind.feature!,
        rows.map((r) => r[`t${i}`]),
        minCount,
      );
      sparse.push({ indicator: i, levels, minCount });
      return;
    }
    const values = Float64Array.from(rows, (row) => Number(row[`t${i}`] ?? 0));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    if (sd > 1e-9) dense.push({ indicator: i, values, mean, sd });
    else constant.push(ind.name);
  });
  // One-hot columns: each category's levels and its "other" column, after the dense ones.
  let next = 0;
  const columnsOf = sparse.map((c) => {
    const first = next;
    next += c.levels.length + 1;
    return first;
  });
  const active = rows.map((row) => {
    const hits: number[] = [];
    sparse.forEach((c, s) => {
      const values = categoryValues(base.indicators[c.indicator]!.feature!, row[`t${c.indicator}`]);
      let other = false;
      for (const v of values) {
        const k = c.levels.indexOf(v);
        if (k >= 0) hits.push(dense.length + columnsOf[s]! + k);
        else other = true;
      }
      if (other) hits.push(dense.length + columnsOf[s]! + c.levels.length);
    });
    return Int32Array.from(new Set(hits));
  });
  const fit = fitLogistic(
    {
      dense: rows.map((_, r) => Float64Array.from(dense, (c) => (c.values[r]! - c.mean) / c.sd)),
      active,
      sparseColumns: next,
    },
    labels,
    l2,
  );
  // Column means of the one-hot columns: a category's centre is its average log-odds.
  const columnMean = new Float64Array(next);
  for (const hits of active)
    for (const j of hits) columnMean[j - dense.length] = columnMean[j - dense.length]! + 1 / rows.length;

  let effective = 0;
  const indicators: NormalisedIndicator[] = base.indicators.map((ind, i) => {
    const d = dense.findIndex((c) => c.indicator === i);
    if (d >= 0) {
      const weight = fit.weights[d]!;
      if (Math.abs(weight) >= NEGLIGIBLE) effective += 1;
      return { ...ind, weight: round(weight), center: round(dense[d]!.mean), scale: round(dense[d]!.sd) };
    }
    const s = sparse.findIndex((c) => c.indicator === i);
    if (s >= 0) {
      const first = dense.length + columnsOf[s]!;
      const c = sparse[s]!;
      const levels = c.levels.map((value, k) => ({ value, weight: round(fit.weights[first + k]!) }));
      const otherWeight = round(fit.weights[first + c.levels.length]!);
      let center = otherWeight * columnMean[first - dense.length + c.levels.length]!;
      levels.forEach((l, k) => {
        center += l.weight * columnMean[first - dense.length + k]!;
      });
      const spread = Math.max(...levels.map((l) => Math.abs(l.weight)), Math.abs(otherWeight));
      if (spread >= NEGLIGIBLE) effective += 1;
      return {
        ...ind,
        weight: 1,
        center: round(center),
        scale: 1,
        levels,
        otherWeight,
        minCount: c.minCount,
      };
    }
    if (notCalibrated.includes(ind.name)) {
      if (ind.weight !== 0) effective += 1;
      return ind;
    }
    // No variation in the training rows: it cannot be weighed, so it does not count.
    return { ...ind, weight: 0, center: 0, scale: 1 };
  });
  if (notCalibrated.length > 0)
    warnings.push({
      code: 'indicators_not_calibrated',
      detail: `Kept with their current weights, as their past values are not on record: ${notCalibrated.join(', ')}.`,
      indicators: notCalibrated,
    });
  if (constant.length > 0)
    warnings.push({
      code: 'indicators_dropped',
      detail: `No variation in the training inspections, so weight 0: ${constant.join(', ')}.`,
      indicators: constant,
    });
  if (effective < base.indicators.length)
    warnings.push({
      code: 'model_collapsed',
      detail: `The model declares ${base.indicators.length} indicators but only ${effective} carry weight after calibration.`,
      indicators: indicators
        .filter((ind) => ind.weight === 0 || (ind.levels === undefined && Math.abs(ind.weight) < NEGLIGIBLE))
        .map((ind) => ind.name),
    });
  const baseRate = (100 * positives) / rows.length;
  const tier = (v: number, cap: number) => Math.round(Math.min(v, cap) * 100) / 100;
  const model = normaliseRiskModel({
    name: `Calibrated on inspections ${label}`,
    description: `L2-regularised logistic regression (l2 = ${l2}) predicting ${target === 'critical' ? 'at least one critical violation' : 'at least one critical or serious violation'} at an inspection.`,
    // Category contributions are read relative to their centre (the average level's log-odds),
    // so the intercept takes those centres back.
    intercept: round(fit.intercept + indicators.reduce((sum, ind) => sum + (ind.levels ? ind.center : 0), 0)),
    halfLifeDays: base.halfLifeDays,
    indicators,
    tiers: { B: tier(baseRate, 90), C: tier(baseRate * 1.5, 95), D: tier(baseRate * 2, 99) },
    leadTier: base.leadTier,
    calibration: {
      method: 'logistic-regression-l2-newton',
      l2,
      target,
      trained: label,
      trainInspections: rows.length,
      trainPositives: positives,
      iterations: fit.iterations,
      logLoss: Math.round(fit.logLoss * 1e6) / 1e6,
      ...(settings.minCount !== undefined && { minCount: settings.minCount }),
      effectiveIndicators: effective,
      keptFromBaseModel: notCalibrated,
      warnings,
    },
  });
  return { model, trainInspections: rows.length, trainPositives: positives, warnings };
}
