import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { isoDateOfDay } from '../record-import/record-dates.js';
import { auc, type ScoredInspection } from './backtest-metrics.js';
import {
  type BacktestTarget,
  type Calibration,
  type CalibrationSettings,
  type DayWindow,
  featureRows,
  fitModel,
  isPositive,
  type RiskWarning,
} from './risk-calibration.js';
import { categoryContribution, isCategory } from './risk-features.js';
import type { NormalisedModel } from './risk-model.js';

export type RiskModelSelection = Schema<'RiskModelSelection'>;

export interface SelectionGrid {
  l2?: number[];
  halfLifeDays?: number[];
  minCount?: number[];
}

const DEFAULT_L2 = [0.1, 1, 10, 100, 1000];
const DEFAULT_HALF_LIVES = [90, 180, 365, 730];
const DEFAULT_MIN_COUNTS = [5, 20, 50];
/** Most candidate settings tried: each is a fit on the training rows. */
export const MAX_CANDIDATES = 80;

/** Whether the model reads an indicator that the half-life weights (recency-weighted counts). */
function usesHalfLife(model: NormalisedModel): boolean {
  return model.indicators.some((ind) =>
    ['critical_recent', 'serious_recent', 'minor_recent'].includes(ind.indicator ?? ''),
  );
}

/**
 * A calibrated model's linear score of a feature row (featureSql's transformed values `t…`):
 * the same arithmetic as scoreSql, in JavaScript, to rank validation rows for each candidate
 * without a query per candidate.
 */
export function linearScore(model: NormalisedModel, row: Record<string, unknown>): number {
  let z = model.intercept;
  model.indicators.forEach((ind, i) => {
    const t = row[`t${i}`];
    if (isCategory(ind.feature)) {
      const levels = ind.levels ?? [];
      const values =
        ind.feature!.type === 'categories'
          ? codeOfList(levels, t)
          : Math.max(
              0,
              levels.findIndex((l) => l.value === (t === null || t === undefined ? '' : String(t))) + 1,
            );
      z +=
        ind.weight *
        (categoryContribution(ind.feature!, levels, ind.otherWeight ?? 0, values).weight - ind.center);
    } else {
      z += (ind.weight * (Number(t ?? 0) - ind.center)) / ind.scale;
    }
  });
  return z;
}

function codeOfList(levels: { value: string }[], raw: unknown): number {
  let list: unknown[] = [];
  try {
    const parsed = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : [];
    list = Array.isArray(parsed) ? parsed : [];
  } catch {
    list = [];
  }
  let code = 0;
  let other = false;
  for (const v of new Set(list.map(String))) {
    const k = levels.findIndex((l) => l.value === v);
    if (k >= 0) code += 2 ** (k + 1);
    else other = true;
  }
  return code + (other ? 1 : 0);
}

/**
 * The previous-inspection baseline of a feature row: lower previous score first where the source
 * scores, else more previous critical violations; undefined without an earlier inspection.
 */
export function baselineScore(row: Record<string, unknown>): number | undefined {
  if (row.n === null || row.n === undefined) return undefined;
  return row.last_score === null || row.last_score === undefined
    ? Number(row.last_critical)
    : 100 - Number(row.last_score);
}

/**
 * Ranks for AUC with the stated policy for rows without an earlier inspection: the baseline
 * cannot rank them, so they tie at the mean of the baseline's values on the other rows.
 */
export function baselineItems(rows: Record<string, unknown>[], target: BacktestTarget): ScoredInspection[] {
  const values = rows.map(baselineScore);
  const known = values.filter((v): v is number => v !== undefined);
  const mean = known.length ? known.reduce((s, v) => s + v, 0) / known.length : 0;
  return rows.map((row, k) => ({
    score: values[k] ?? mean,
    positive: isPositive(row, target),
    day: Number(row.as_of_day),
    key: Number(row.key),
  }));
}

function label(window: DayWindow): string {
  return `from ${isoDateOfDay(window.start)} to ${isoDateOfDay(window.end)}`;
}

export interface SelectedCalibration extends Calibration {
  selection: RiskModelSelection | null;
}

/**
 * Chooses L2 strength, half-life and minimum category count on the validation window only —
 * each candidate fitted on the training window and ranked on the validation rows by AUC — then
 * fits the chosen settings on training and validation together. Without a validation window
 * the given settings are fitted on the training window as they are. The test window is never
 * read here.
 */
export async function selectAndCalibrate(
  db: Executor,
  base: NormalisedModel,
  options: {
    train: DayWindow;
    validation?: DayWindow;
    target: BacktestTarget;
    fixed: Partial<CalibrationSettings>;
    grid?: SelectionGrid;
  },
): Promise<SelectedCalibration> {
  const { train, validation, target, fixed } = options;
  if (!validation) {
    const settings = {
      target,
      l2: fixed.l2 ?? 1,
      halfLifeDays: fixed.halfLifeDays ?? base.halfLifeDays,
      ...(fixed.minCount !== undefined && { minCount: fixed.minCount }),
    };
    const model = { ...base, halfLifeDays: settings.halfLifeDays };
    return {
      ...fitModel(model, await featureRows(db, model, train), settings, label(train)),
      selection: null,
    };
  }
  const hasCategories = base.indicators.some((ind) => isCategory(ind.feature));
  const l2s = fixed.l2 !== undefined ? [fixed.l2] : (options.grid?.l2 ?? DEFAULT_L2);
  const halfLives =
    fixed.halfLifeDays !== undefined
      ? [fixed.halfLifeDays]
      : (options.grid?.halfLifeDays ?? (usesHalfLife(base) ? DEFAULT_HALF_LIVES : [base.halfLifeDays]));
  const minCounts: (number | undefined)[] =
    fixed.minCount !== undefined
      ? [fixed.minCount]
      : hasCategories
        ? (options.grid?.minCount ?? DEFAULT_MIN_COUNTS)
        : [undefined];
  const candidates: RiskModelSelection['candidates'] = [];
  let best: { settings: CalibrationSettings; auc: number } | undefined;
  let baselineAuc = 0.5;
  for (const halfLifeDays of halfLives.slice(0, MAX_CANDIDATES)) {
    const model = { ...base, halfLifeDays };
    const trainRows = await featureRows(db, model, train);
    const validationRows = await featureRows(db, model, validation);
    baselineAuc = auc(baselineItems(validationRows, target));
    for (const minCount of minCounts) {
      for (const l2 of l2s) {
        if (candidates.length >= MAX_CANDIDATES) break;
        const settings = { target, l2, halfLifeDays, ...(minCount !== undefined && { minCount }) };
        const fitted = fitModel(model, trainRows, settings, label(train)).model;
        const items = validationRows.map((row) => ({
          score: linearScore(fitted, row),
          positive: isPositive(row, target),
          day: Number(row.as_of_day),
          key: Number(row.key),
        }));
        const value = Math.round(auc(items) * 1e4) / 1e4;
        candidates.push({ l2, halfLifeDays, minCount: minCount ?? null, validationAuc: value });
        if (!best || value > best.auc) best = { settings, auc: value };
        // A fit is a few milliseconds to a second: let other requests in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  const chosen = best!.settings;
  const both: DayWindow = {
    start: Math.min(train.start, validation.start),
    end: Math.max(train.end, validation.end),
  };
  const model = { ...base, halfLifeDays: chosen.halfLifeDays };
  const final = fitModel(model, await featureRows(db, model, both), chosen, label(both));
  const warnings: RiskWarning[] = [...final.warnings];
  if (best!.auc <= baselineAuc) {
    warnings.push({
      code: 'worse_than_baseline_on_validation',
      detail: `On the validation window the best candidate reaches AUC ${best!.auc.toFixed(4)}, the previous-inspection baseline ${baselineAuc.toFixed(4)}.`,
      indicators: [],
    });
  }
  return {
    ...final,
    warnings,
    selection: {
      chosen: { l2: chosen.l2, halfLifeDays: chosen.halfLifeDays, minCount: chosen.minCount ?? null },
      validationAuc: best!.auc,
      validationBaselineAuc: Math.round(baselineAuc * 1e4) / 1e4,
      candidates,
    },
  };
}
