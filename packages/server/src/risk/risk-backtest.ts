import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { unprocessable } from '../problem/problem-error.js';
import { backtestMetrics, type ScoredInspection } from './backtest-metrics.js';
import { INDICATORS } from './indicator-catalogue.js';
import { fitLogistic } from './logistic-regression.js';
import { requireDay } from './risk-dates.js';
import {
  getRiskModel,
  type NormalisedIndicator,
  type NormalisedModel,
  normaliseRiskModel,
  putRiskModel,
} from './risk-model.js';
import { featureSql, inspectionBaseSql, scoreSql } from './risk-sql.js';

export type RiskBacktest = Schema<'RiskBacktest'>;
export type BacktestTarget = 'critical' | 'critical_or_serious';

const FAR_PAST = -1_000_000;
const FAR_FUTURE = 1_000_000;

export interface CalibrationOptions {
  /** Fit on inspections before this date (YYYY-MM-DD). */
  before: string;
  target?: BacktestTarget;
  l2?: number;
  halfLifeDays?: number;
  /** The model whose indicators and transforms are refitted (default: the current model). */
  base?: NormalisedModel;
}

export interface Calibration {
  model: NormalisedModel;
  trainInspections: number;
  trainPositives: number;
}

const isPositive = (row: Record<string, unknown>, target: BacktestTarget) =>
  Number(row.found_critical) > 0 || (target === 'critical_or_serious' && Number(row.found_serious) > 0);

/**
 * Fits the weights of the model's indicators by L2-regularised logistic regression on every
 * inspection before `before`, each described only by what was on record before its own day
 * (point in time). Features are standardised (the model keeps mean and standard deviation as
 * `center` and `scale`); indicators without history (rating, complaints, online) or without
 * variation in the training data keep their current entry. Tiers start at the training base rate
 * (B), 1.5 times it (C) and twice it (D).
 */
export async function calibrateRiskModel(ctx: AppContext, options: CalibrationOptions): Promise<Calibration> {
  const target = options.target ?? 'critical';
  const l2 = options.l2 ?? 1;
  const current = options.base ?? (await getRiskModel(ctx.db));
  const base: NormalisedModel = { ...current, halfLifeDays: options.halfLifeDays ?? current.halfLifeDays };
  const beforeDay = requireDay(options.before, 'before');
  const rows = (
    await ctx.db.execute({
      sql: featureSql(base, inspectionBaseSql(base), ['found_critical', 'found_serious']),
      args: [FAR_PAST, beforeDay],
    })
  ).rows as unknown as Record<string, unknown>[];
  const labels = Uint8Array.from(rows, (row) => (isPositive(row, target) ? 1 : 0));
  const positives = labels.reduce((s, y) => s + y, 0);
  if (rows.length < 20 || positives === 0 || positives === rows.length) {
    throw unprocessable(
      'not_enough_history',
      `Calibration needs inspections with and without violations before ${options.before}; found ${rows.length} (${positives} with).`,
    );
  }
  const k = base.indicators.length;
  const columns = base.indicators.map((_, i) => Float64Array.from(rows, (row) => Number(row[`t${i}`] ?? 0)));
  const fitted: number[] = [];
  const stats = columns.map((values) => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    return { mean, sd };
  });
  for (let i = 0; i < k; i++) {
    if (INDICATORS[base.indicators[i]!.indicator].pointInTime && stats[i]!.sd > 1e-9) fitted.push(i);
  }
  const matrix = rows.map((_, r) =>
    Float64Array.from(fitted, (i) => (columns[i]![r]! - stats[i]!.mean) / stats[i]!.sd),
  );
  const fit = fitLogistic(matrix, labels, l2);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const indicators: NormalisedIndicator[] = base.indicators.map((ind, i) => {
    const j = fitted.indexOf(i);
    if (j === -1) return ind;
    return {
      ...ind,
      weight: round(fit.weights[j]!),
      center: round(stats[i]!.mean),
      scale: round(stats[i]!.sd),
    };
  });
  // Tiers relative to the base rate: B from the average chance of a violation, C from 1.5×, D from 2×.
  const baseRate = (100 * positives) / rows.length;
  const tierB = Math.round(Math.min(baseRate, 90) * 100) / 100;
  const tierC = Math.round(Math.min(baseRate * 1.5, 95) * 100) / 100;
  const tierD = Math.round(Math.min(baseRate * 2, 99) * 100) / 100;
  const model = normaliseRiskModel({
    name: `Calibrated on inspections before ${options.before}`,
    description: `L2-regularised logistic regression (l2 = ${l2}) predicting ${target === 'critical' ? 'at least one critical violation' : 'at least one critical or serious violation'} at an inspection.`,
    intercept: round(fit.intercept),
    halfLifeDays: base.halfLifeDays,
    indicators,
    tiers: { B: tierB, C: tierC, D: tierD },
    leadTier: base.leadTier,
    calibration: {
      method: 'logistic-regression-l2-newton',
      l2,
      target,
      trainedBefore: options.before,
      trainInspections: rows.length,
      trainPositives: positives,
      iterations: fit.iterations,
      logLoss: Math.round(fit.logLoss * 1e6) / 1e6,
      keptFromBaseModel: base.indicators.filter((_, i) => !fitted.includes(i)).map((ind) => ind.indicator),
    },
  });
  return { model, trainInspections: rows.length, trainPositives: positives };
}

export interface BacktestOptions {
  splitDate: string;
  /** The indicators to calibrate (default: the current model's). */
  base?: NormalisedModel;
  target?: BacktestTarget;
  l2?: number;
  halfLifeDays?: number;
  saveModel?: boolean;
}

/**
 * Calibrates on the inspections before `splitDate` and ranks those from it on. Evaluated are
 * test inspections of shops inspected at least once before (so the naive baseline, the previous
 * inspection's result, is defined for every one of them): lower previous score first, or more
 * previous critical violations where the source has no scores.
 */
export async function createRiskBacktest(
  ctx: AppContext,
  options: BacktestOptions,
  actor: AuditActor,
): Promise<RiskBacktest> {
  const target = options.target ?? 'critical';
  const splitDay = requireDay(options.splitDate, 'splitDate');
  const calibration = await calibrateRiskModel(ctx, {
    before: options.splitDate,
    target,
    ...(options.l2 !== undefined && { l2: options.l2 }),
    ...(options.halfLifeDays !== undefined && { halfLifeDays: options.halfLifeDays }),
    ...(options.base && { base: options.base }),
  });
  const model = calibration.model;
  const rows = (
    await ctx.db.execute({
      sql: scoreSql(model, inspectionBaseSql(model), [
        'found_critical',
        'found_serious',
        'n',
        'last_score',
        'last_critical',
        'as_of_day',
      ]),
      args: [splitDay, FAR_FUTURE],
    })
  ).rows as unknown as Record<string, unknown>[];
  const tested = rows.filter((row) => row.n !== null && row.n !== undefined);
  const modelItems: ScoredInspection[] = [];
  const baselineItems: ScoredInspection[] = [];
  for (const row of tested) {
    const common = { positive: isPositive(row, target), day: Number(row.as_of_day), key: Number(row.key) };
    modelItems.push({ ...common, score: Number(row.score) });
    const previous = row.last_score === null ? Number(row.last_critical) : 100 - Number(row.last_score);
    baselineItems.push({ ...common, score: previous });
  }
  if (tested.length === 0) {
    throw unprocessable(
      'no_test_inspections',
      `No inspection on or after ${options.splitDate} has an earlier inspection to compare with.`,
    );
  }
  const saved = options.saveModel ? (await putRiskModel(ctx, model, actor)).model.version : null;
  const result: RiskBacktest = {
    id: newId('rbt', ctx.clock.now()),
    createdAt: ctx.clock.now().toISOString(),
    splitDate: options.splitDate,
    target,
    trainInspections: calibration.trainInspections,
    testInspections: tested.length,
    testPositives: modelItems.filter((i) => i.positive).length,
    model: backtestMetrics(modelItems),
    baseline: backtestMetrics(baselineItems),
    calibratedModel: model,
    savedModelVersion: saved,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.execute({
      sql: 'INSERT INTO risk_backtests (id, created_at, created_by, request, result) VALUES (?, ?, ?, ?, ?)',
      args: [
        result.id,
        result.createdAt,
        `${actor.type}:${actor.id}`,
        JSON.stringify({ ...options, base: options.base?.name ?? null }),
        JSON.stringify(result),
      ],
    });
    await ctx.audit.appendWithin(tx, {
      actor,
      action: 'risk.backtest',
      subject: { type: 'risk_backtest', id: result.id },
      details: {
        splitDate: options.splitDate,
        target,
        auc: result.model.auc,
        baselineAuc: result.baseline.auc,
      },
    });
  });
  return result;
}
