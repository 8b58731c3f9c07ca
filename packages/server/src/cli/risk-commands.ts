import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuditActor } from '../audit/audit-log.js';
import { ProblemError } from '../problem/problem-error.js';
import type { RiskBacktestMetrics } from '../risk/backtest-metrics.js';
import { type BacktestTarget, calibrateRiskModel, createRiskBacktest } from '../risk/risk-backtest.js';
import { normaliseRiskModel, putRiskModel, type RiskModelInput } from '../risk/risk-model.js';
import { createRiskRun } from '../risk/risk-runs.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { withAppContext } from './cli-context.js';

const CLI_ACTOR: AuditActor = { type: 'system', id: 'cli' };

const OPTIONS = {
  before: { type: 'string' },
  split: { type: 'string' },
  target: { type: 'string' },
  l2: { type: 'string' },
  'half-life': { type: 'string' },
  model: { type: 'string' },
  save: { type: 'boolean' },
  json: { type: 'boolean' },
  'as-of': { type: 'string' },
  leads: { type: 'boolean' },
} as const;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CliUsageError(`--${name} must be a non-negative number.`);
  return n;
}

function targetOption(value: string | undefined): BacktestTarget {
  if (value === undefined || value === 'critical' || value === 'critical_or_serious')
    return value ?? 'critical';
  throw new CliUsageError('--target must be critical or critical_or_serious.');
}

function modelFile(path: string | undefined) {
  if (!path) return undefined;
  try {
    return normaliseRiskModel(JSON.parse(readFileSync(path, 'utf8')) as RiskModelInput);
  } catch (error) {
    if (error instanceof ProblemError) {
      throw new CliUsageError(
        `${path}: ${(error.errors ?? []).map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
      );
    }
    throw new CliUsageError(`Cannot read the model file ${path}.`);
  }
}

export const riskCalibrateCommand: CliCommand = {
  name: 'risk calibrate',
  summary: 'Fit the risk model’s weights on inspection history',
  usage: `ezhili risk calibrate --before DATE [--target critical|critical_or_serious] [--l2 N] [--half-life DAYS] [--model FILE] [--save]

Fits the indicator weights of the current model (or of --model FILE) by L2-regularised logistic
regression on the inspections before DATE, each seen only with what was on record before its own
day. Prints the calibrated model as JSON; --save stores it as the next model version.`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    if (!values.before) throw new CliUsageError('--before DATE is required.');
    const base = modelFile(values.model);
    return withAppContext(async (ctx) => {
      const calibration = await calibrateRiskModel(ctx, {
        before: values.before!,
        target: targetOption(values.target),
        ...(values.l2 !== undefined && { l2: numberOption(values.l2, 'l2')! }),
        ...(values['half-life'] !== undefined && {
          halfLifeDays: numberOption(values['half-life'], 'half-life')!,
        }),
        ...(base && { base }),
      });
      process.stdout.write(`${JSON.stringify(calibration.model, null, 2)}\n`);
      process.stderr.write(
        `calibrated on ${calibration.trainInspections} inspections (${calibration.trainPositives} with a violation)\n`,
      );
      if (values.save) {
        const { model, created } = await putRiskModel(ctx, calibration.model, CLI_ACTOR);
        process.stderr.write(
          created
            ? `saved as model version ${model.version}\n`
            : `unchanged: model version ${model.version}\n`,
        );
      }
      return 0;
    });
  },
};

function metricsRow(name: string, m: RiskBacktestMetrics): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`.padStart(8);
  return `${name.padEnd(30)} ${m.auc.toFixed(4).padStart(6)} ${pct(m.hitRateTop10)} ${pct(m.hitRateTop20)} ${pct(m.shareFoundFirstHalf)} ${m.meanDaysEarlier.toFixed(1).padStart(8)}`;
}

export const riskBacktestCommand: CliCommand = {
  name: 'risk backtest',
  summary: 'Calibrate before a date, rank the inspections after it, report AUC and hit rates',
  usage: `ezhili risk backtest --split DATE [--target critical|critical_or_serious] [--l2 N] [--half-life DAYS] [--model FILE] [--save] [--json]

Calibrates on the inspections before DATE, scores those from DATE on (shops inspected before),
and prints AUC, hit rates in the top 10% and 20%, the share of violations found in the first half
of the ranked schedule and the mean days earlier, next to the naive baseline (the previous
inspection's result). E.g. for San Francisco: --split 2017-02-16.`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    if (!values.split) throw new CliUsageError('--split DATE is required.');
    const base = modelFile(values.model);
    return withAppContext(async (ctx) => {
      const result = await createRiskBacktest(
        ctx,
        {
          splitDate: values.split!,
          target: targetOption(values.target),
          ...(values.l2 !== undefined && { l2: numberOption(values.l2, 'l2')! }),
          ...(values['half-life'] !== undefined && {
            halfLifeDays: numberOption(values['half-life'], 'half-life')!,
          }),
          ...(base && { base }),
          saveModel: Boolean(values.save),
        },
        CLI_ACTOR,
      );
      if (values.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(
        [
          `backtest ${result.id}: split ${result.splitDate}, target ${result.target}`,
          `train: ${result.trainInspections} inspections before the split; test: ${result.testInspections} inspections (${result.testPositives} with a violation)`,
          '',
          `${'ranking'.padEnd(30)} ${'AUC'.padStart(6)} ${'top10%'.padStart(8)} ${'top20%'.padStart(8)} ${'1st half'.padStart(8)} ${'days+'.padStart(8)}`,
          metricsRow(`model (${result.calibratedModel.indicators.length} indicators)`, result.model),
          metricsRow('baseline: previous inspection', result.baseline),
          ...(result.savedModelVersion !== null
            ? ['', `saved as model version ${result.savedModelVersion}`]
            : []),
          '',
        ].join('\n'),
      );
      return 0;
    });
  },
};

export const riskRunCommand: CliCommand = {
  name: 'risk run',
  summary: 'Score every shop with the current risk model',
  usage: `ezhili risk run [--as-of DATE] [--leads]

Scores every shop as of DATE (default today) and prints the run; --leads turns the model's lead
tier into leads for the platforms (shops with an open lead are skipped).`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    return withAppContext(async (ctx) => {
      const run = await createRiskRun(
        ctx,
        { ...(values['as-of'] && { asOf: values['as-of'] }), createLeads: Boolean(values.leads) },
        CLI_ACTOR,
      );
      process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      return 0;
    });
  },
};
