import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { badRequest, unprocessable } from '../problem/problem-error.js';
import { isoDateOfDay, requireDay } from '../record-import/record-dates.js';
import {
  backtestMetrics,
  bootstrapIntervals,
  curves,
  type RiskBacktestMetrics,
  type ScoredInspection,
  seededRandom,
} from './backtest-metrics.js';
import { storeBacktest } from './risk-backtest-store.js';
import {
  type BacktestTarget,
  type Calibration,
  type CalibrationSettings,
  type DayWindow,
  isPositive,
  type RiskWarning,
} from './risk-calibration.js';
import { getRiskModel, type NormalisedModel, putRiskModel } from './risk-model.js';
import { baselineItems, type SelectionGrid, selectAndCalibrate } from './risk-model-selection.js';
import { inspectionBaseSql, scoreSql } from './risk-sql.js';

export type RiskBacktest = Schema<'RiskBacktest'>;
export type RiskBacktestRequest = Partial<Schema<'RiskBacktestRequest'>>;
export type { BacktestTarget };

/** The policy for test inspections without an earlier record, stated in every result. */
export const FIRST_INSPECTION_POLICY =
  'Inspections without an earlier record are counted, not dropped: the model scores them like any other (never_inspected and the shop attributes), the previous-inspection baseline cannot rank them and ties them at the mean of its values on the other test inspections, and the random ranking ranks them at random.';

const DEFAULT_BOOTSTRAP = 200;

export interface BacktestWindows {
  train: DayWindow;
  validation?: DayWindow;
  test: DayWindow;
}

type WindowInput = { start?: string; end?: string } | undefined;

/**
 * The backtest's windows by time. With only `splitDate` (or only a test window), the test runs
 * from it to the end of the data, and the history before it is split: its last quarter
 * validates, the rest trains. Each window is `[start, end)`; they may not overlap, and the test
 * comes after the others.
 */
export async function resolveWindows(db: Executor, request: RiskBacktestRequest): Promise<BacktestWindows> {
  const bounds = (await db.execute('SELECT min(day) AS first, max(day) AS last FROM inspections')).rows[0];
  const first = bounds?.first === null || bounds?.first === undefined ? 0 : Number(bounds.first);
  const last = bounds?.last === null || bounds?.last === undefined ? 0 : Number(bounds.last) + 1;
  const day = (value: string | undefined, field: string, fallback: number) =>
    value === undefined ? fallback : requireDay(value, field);
  const testInput = request.test as WindowInput;
  const testStart = testInput?.start ?? request.splitDate;
  if (testStart === undefined)
    throw badRequest('test_window_required', 'Give splitDate or test.start: the held-out period.');
  const test = { start: requireDay(testStart, 'test.start'), end: day(testInput?.end, 'test.end', last) };
  const trainInput = request.train as WindowInput;
  const validationInput = request.validation as WindowInput;
  const trainStart = day(trainInput?.start, 'train.start', first);
  let validation: DayWindow | undefined;
  let trainEnd: number;
  if (validationInput) {
    validation = {
      start: day(validationInput.start, 'validation.start', test.start),
      end: day(validationInput.end, 'validation.end', test.start),
    };
    trainEnd = day(trainInput?.end, 'train.end', validation.start);
  } else if (trainInput?.end !== undefined) {
    trainEnd = requireDay(trainInput.end, 'train.end');
  } else {
    trainEnd = test.start - Math.ceil((test.start - trainStart) / 4);
    validation = { start: trainEnd, end: test.start };
  }
  const train = { start: trainStart, end: trainEnd };
  const windows = { train, ...(validation && { validation }), test };
  const problems: string[] = [];
  for (const [name, w] of Object.entries(windows)) if (w.start >= w.end) problems.push(`${name} is empty`);
  if (validation && (validation.start < train.end || validation.end > test.start))
    problems.push('validation must lie after train and before test');
  if (train.end > test.start) problems.push('train must end before test starts');
  if (problems.length > 0) {
    throw unprocessable(
      'invalid_backtest_windows',
      `The backtest windows do not fit: ${problems.join('; ')}.`,
      problems.map((p) => ({ pointer: `#/${p.split(' ')[0]}`, detail: p })),
    );
  }
  return windows;
}

function window(w: DayWindow) {
  return { start: isoDateOfDay(w.start), end: isoDateOfDay(w.end) };
}

/** A ranking's metrics with its curves and the bootstrap intervals. */
function withCurves(
  items: ScoredInspection[],
  intervals: { auc: [number, number]; daysEarlier: [number, number] },
): RiskBacktestMetrics {
  return {
    ...backtestMetrics(items),
    aucCi: intervals.auc,
    daysEarlierCi: intervals.daysEarlier,
    ...curves(items),
  };
}

export interface CalibrationOptions {
  /** Fit on inspections before this date (YYYY-MM-DD); its last quarter validates the settings. */
  before: string;
  target?: BacktestTarget;
  l2?: number;
  halfLifeDays?: number;
  minCount?: number;
  /** The model whose indicators are refitted (default: the current model). */
  base?: NormalisedModel;
}

/**
 * Calibrates on the history before a date, choosing the settings not given on the last quarter
 * of it (the same windows a backtest with that split date would use, without the test).
 */
export async function calibrateRiskModel(
  ctx: AppContext,
  options: CalibrationOptions,
): Promise<Calibration & { selection: Schema<'RiskModelSelection'> | null }> {
  const windows = await resolveWindows(ctx.db, { splitDate: options.before });
  return selectAndCalibrate(ctx.db, options.base ?? (await getRiskModel(ctx.db)), {
    train: windows.train,
    ...(windows.validation && { validation: windows.validation }),
    target: options.target ?? 'critical',
    fixed: {
      ...(options.l2 !== undefined && { l2: options.l2 }),
      ...(options.halfLifeDays !== undefined && { halfLifeDays: options.halfLifeDays }),
      ...(options.minCount !== undefined && { minCount: options.minCount }),
    },
  });
}

/** A stored model without its version fields: what a backtest reports as its model. */
function modelInput(model: NormalisedModel): NormalisedModel {
  const {
    version: _v,
    createdAt: _c,
    createdBy: _b,
    ...input
  } = model as NormalisedModel & {
    version?: number;
    createdAt?: string;
    createdBy?: string;
  };
  return input;
}

/**
 * A backtest: calibrates the model's indicators on the training window, choosing its settings
 * on the validation window (risk-model-selection.ts), then scores every inspection of the test
 * window point in time with the very SQL a run uses, and reports the model beside the
 * previous-inspection baseline and a random ranking on the same rows, with curves, bootstrap
 * intervals and warnings. `calibrate: false` scores the model as it is. The result and the
 * per-inspection scores are stored (risk-backtest-store.ts).
 */
export async function createRiskBacktest(
  ctx: AppContext,
  request: RiskBacktestRequest & { base?: NormalisedModel; grid?: SelectionGrid },
  actor: AuditActor,
): Promise<RiskBacktest> {
  const target: BacktestTarget = request.target ?? 'critical';
  const windows = await resolveWindows(ctx.db, request);
  const base = request.base ?? (await getRiskModel(ctx.db, request.modelVersion));
  const fixed: Partial<CalibrationSettings> = {
    ...(request.l2 !== undefined && { l2: request.l2 }),
    ...(request.halfLifeDays !== undefined && { halfLifeDays: request.halfLifeDays }),
    ...(request.minCount !== undefined && { minCount: request.minCount }),
  };
  let calibration: (Calibration & { selection: Schema<'RiskModelSelection'> | null }) | undefined;
  if (request.calibrate !== false) {
    calibration = await selectAndCalibrate(ctx.db, base, {
      train: windows.train,
      ...(windows.validation && { validation: windows.validation }),
      target,
      fixed,
      ...((request.grid ?? undefined) && { grid: request.grid as SelectionGrid }),
    });
  }
  const model = modelInput(calibration?.model ?? base);
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
      args: [windows.test.start, windows.test.end],
    })
  ).rows;
  if (rows.length === 0) {
    throw unprocessable(
      'no_test_inspections',
      `No inspection falls in the test window ${window(windows.test).start} to ${window(windows.test).end}.`,
    );
  }
  const modelItems = rows.map((row) => ({
    score: Number(row.score),
    positive: isPositive(row, target),
    day: Number(row.as_of_day),
    key: Number(row.key),
  }));
  const baseline = baselineItems(rows, target);
  const random = seededRandom(20_170_216);
  const randomItems = modelItems.map((item) => ({ ...item, score: random() }));
  const resamples = request.bootstrap ?? DEFAULT_BOOTSTRAP;
  const { each, gainOverSecond } = await bootstrapIntervals([modelItems, baseline, randomItems], resamples);
  const modelMetrics = withCurves(modelItems, each[0]!);
  const baselineMetrics = withCurves(baseline, each[1]!);
  const warnings: RiskWarning[] = [...(calibration?.warnings ?? [])];
  if (modelMetrics.auc <= baselineMetrics.auc) {
    warnings.push({
      code: 'worse_than_baseline_on_test',
      detail: `On the test window the model's AUC ${modelMetrics.auc} does not beat the baseline's ${baselineMetrics.auc}.`,
      indicators: [],
    });
  }
  const saved =
    request.saveModel && calibration ? (await putRiskModel(ctx, model, actor)).model.version : null;
  const now = ctx.clock.now();
  const result: RiskBacktest = {
    id: newId('rbt', now),
    createdAt: now.toISOString(),
    splitDate: isoDateOfDay(windows.test.start),
    target,
    windows: {
      train: window(windows.train),
      validation: windows.validation ? window(windows.validation) : null,
      test: window(windows.test),
    },
    calibrated: calibration !== undefined,
    trainInspections: calibration?.trainInspections ?? 0,
    testInspections: rows.length,
    testPositives: modelItems.filter((i) => i.positive).length,
    testFirstInspections: rows.filter((row) => row.n === null || row.n === undefined).length,
    firstInspectionPolicy: FIRST_INSPECTION_POLICY,
    model: modelMetrics,
    baseline: baselineMetrics,
    random: withCurves(randomItems, each[2]!),
    gainOverBaseline: {
      auc: Math.round((modelMetrics.auc - baselineMetrics.auc) * 1e4) / 1e4,
      aucCi: gainOverSecond[0]!.auc,
      daysEarlier: Math.round((modelMetrics.meanDaysEarlier - baselineMetrics.meanDaysEarlier) * 100) / 100,
      daysEarlierCi: gainOverSecond[0]!.daysEarlier,
    },
    selection: calibration?.selection ?? null,
    warnings,
    bootstrapResamples: resamples,
    calibratedModel: model,
    savedModelVersion: saved,
  };
  await storeBacktest(ctx, result, request, rows, modelItems, baseline, actor);
  return result;
}
