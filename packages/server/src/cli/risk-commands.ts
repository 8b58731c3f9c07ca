import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuditActor } from '../audit/audit-log.js';
import { ProblemError } from '../problem/problem-error.js';
import type { RiskBacktestMetrics } from '../risk/backtest-metrics.js';
import { type BacktestTarget, calibrateRiskModel, createRiskBacktest } from '../risk/risk-backtest.js';
import { exportBacktestScores, getRiskBacktest, listRiskBacktests } from '../risk/risk-backtest-store.js';
import { getRiskModel, normaliseRiskModel, putRiskModel, type RiskModelInput } from '../risk/risk-model.js';
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
  tasks: { type: 'boolean' },
  'tasks-per-unit': { type: 'string' },
  'min-count': { type: 'string' },
  'train-start': { type: 'string' },
  'validation-start': { type: 'string' },
  'test-end': { type: 'string' },
  'no-calibrate': { type: 'boolean' },
  'model-version': { type: 'string' },
  bootstrap: { type: 'string' },
  version: { type: 'string' },
  format: { type: 'string' },
  limit: { type: 'string' },
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
  usage: `ezhili risk calibrate --before DATE [--target critical|critical_or_serious] [--l2 N] [--half-life DAYS] [--min-count N] [--model FILE] [--save]

Fits the indicator weights of the current model (or of --model FILE) by L2-regularised logistic
regression on the inspections before DATE, each seen only with what was on record before its own
day. Settings not given (--l2, --half-life, --min-count) are chosen on the last quarter of that
history, then refitted on all of it. Prints the calibrated model as JSON and its warnings on
stderr; --save stores it as the next model version.`,
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
        ...(values['min-count'] !== undefined && {
          minCount: numberOption(values['min-count'], 'min-count')!,
        }),
        ...(base && { base }),
      });
      process.stdout.write(`${JSON.stringify(calibration.model, null, 2)}\n`);
      for (const warning of calibration.warnings)
        process.stderr.write(`warning ${warning.code}: ${warning.detail}\n`);
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
  const ci = (c: number[], digits: number) => `[${c.map((v) => v.toFixed(digits)).join(', ')}]`;
  return `${name.padEnd(32)} ${m.auc.toFixed(4).padStart(6)} ${ci(m.aucCi, 3).padEnd(16)} ${pct(m.hitRateTop10)} ${pct(m.hitRateTop20)} ${pct(m.shareFoundFirstHalf)} ${m.meanDaysEarlier.toFixed(1).padStart(7)} ${ci(m.daysEarlierCi, 1)}`;
}

/** A backtest result as the table the CLI prints. */
export function backtestReport(result: Awaited<ReturnType<typeof createRiskBacktest>>): string {
  const w = result.windows;
  const gain = result.gainOverBaseline;
  return [
    `backtest ${result.id}: target ${result.target}${result.calibrated ? '' : ' (model scored as it is)'}`,
    `train ${w.train.start} to ${w.train.end}${w.validation ? `; validation ${w.validation.start} to ${w.validation.end}` : ''}; test ${w.test.start} to ${w.test.end} (end dates exclusive)`,
    `fitted on ${result.trainInspections} inspections; test: ${result.testInspections} inspections (${result.testPositives} with a violation, ${result.testFirstInspections} without an earlier record, counted)`,
    ...(result.selection
      ? [
          `chosen on validation: l2 ${result.selection.chosen.l2}, half-life ${result.selection.chosen.halfLifeDays} d${result.selection.chosen.minCount === null ? '' : `, min count ${result.selection.chosen.minCount}`} (validation AUC ${result.selection.validationAuc} vs baseline ${result.selection.validationBaselineAuc}; ${result.selection.candidates.length} candidates)`,
        ]
      : []),
    '',
    `${'ranking'.padEnd(32)} ${'AUC'.padStart(6)} ${'95% CI'.padEnd(16)} ${'top10%'.padStart(8)} ${'top20%'.padStart(8)} ${'1st half'.padStart(8)} ${'days+'.padStart(7)} 95% CI`,
    metricsRow(`model (${result.calibratedModel.indicators.length} indicators)`, result.model),
    metricsRow('baseline: previous inspection', result.baseline),
    metricsRow('random', result.random),
    '',
    `model − baseline: AUC ${gain.auc >= 0 ? '+' : ''}${gain.auc} [${gain.aucCi.join(', ')}], days earlier ${gain.daysEarlier >= 0 ? '+' : ''}${gain.daysEarlier} [${gain.daysEarlierCi.join(', ')}] (paired bootstrap, ${result.bootstrapResamples} resamples)`,
    ...result.warnings.map((warning) => `warning ${warning.code}: ${warning.detail}`),
    ...(result.savedModelVersion !== null ? [`saved as model version ${result.savedModelVersion}`] : []),
    `export the per-inspection scores: ezhili risk backtests export ${result.id} --format csv`,
    '',
  ].join('\n');
}

export const riskBacktestCommand: CliCommand = {
  name: 'risk backtest',
  summary: 'Calibrate and tune on history, measure the ranking on a held-out period',
  usage: `ezhili risk backtest (--split DATE | --test-start DATE) [--test-end DATE] [--train-start DATE]
    [--validation-start DATE] [--target critical|critical_or_serious] [--l2 N] [--half-life DAYS]
    [--min-count N] [--model FILE | --model-version N] [--no-calibrate] [--bootstrap N] [--save] [--json]

Windows by time, each from its start (inclusive) to its end (exclusive): training from
--train-start (default the first inspection) to --validation-start, validation from there to the
split, test from the split to --test-end (default the end of the data). Without
--validation-start the last quarter before the split validates. Settings not given are chosen on
validation only, then refitted on training and validation. Every test inspection is ranked,
those without an earlier record too. Prints AUC, hit rates, share found in the first half and
mean days earlier, with 95% bootstrap intervals, for the model, the previous-inspection
baseline and a random ranking on the same rows, and the warnings. The result is stored
(ezhili risk backtests list / show / export). E.g. for San Francisco: --split 2017-02-16.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { ...OPTIONS, 'test-start': { type: 'string' } } });
    const testStart = values.split ?? values['test-start'];
    if (!testStart) throw new CliUsageError('--split DATE (or --test-start DATE) is required.');
    if (values['train-start'] && !values['validation-start'])
      throw new CliUsageError('--train-start needs --validation-start (where training ends).');
    const base = modelFile(values.model);
    return withAppContext(async (ctx) => {
      const result = await createRiskBacktest(
        ctx,
        {
          test: { start: testStart, ...(values['test-end'] && { end: values['test-end'] }) },
          ...(values['validation-start']
            ? {
                train: {
                  ...(values['train-start'] && { start: values['train-start'] }),
                  end: values['validation-start'],
                },
                validation: { start: values['validation-start'], end: testStart },
              }
            : {}),
          target: targetOption(values.target),
          ...(values.l2 !== undefined && { l2: numberOption(values.l2, 'l2')! }),
          ...(values['half-life'] !== undefined && {
            halfLifeDays: numberOption(values['half-life'], 'half-life')!,
          }),
          ...(values['min-count'] !== undefined && {
            minCount: numberOption(values['min-count'], 'min-count')!,
          }),
          ...(values['model-version'] !== undefined && {
            modelVersion: numberOption(values['model-version'], 'model-version')!,
          }),
          ...(values.bootstrap !== undefined && { bootstrap: numberOption(values.bootstrap, 'bootstrap')! }),
          ...(values['no-calibrate'] && { calibrate: false }),
          ...(base && { base }),
          saveModel: Boolean(values.save),
        },
        CLI_ACTOR,
      );
      process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : backtestReport(result));
      return 0;
    });
  },
};

export const riskBacktestListCommand: CliCommand = {
  name: 'risk backtests list',
  summary: 'List the stored backtests, newest first',
  usage: `ezhili risk backtests list [--limit N] [--json]

One line per stored backtest: id, test window, model and baseline AUC and days earlier, warnings.`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    return withAppContext(async (ctx) => {
      const page = await listRiskBacktests(ctx.db, { limit: numberOption(values.limit, 'limit') ?? 50 });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(page.items, null, 2)}\n`);
        return 0;
      }
      for (const b of page.items) {
        process.stdout.write(
          `${b.id}  test ${b.windows.test.start}..${b.windows.test.end}  AUC ${b.modelAuc} vs ${b.baselineAuc}  days ${b.modelDaysEarlier} vs ${b.baselineDaysEarlier}${b.warnings.length ? `  warnings: ${b.warnings.join(', ')}` : ''}\n`,
        );
      }
      return 0;
    });
  },
};

export const riskBacktestShowCommand: CliCommand = {
  name: 'risk backtests show',
  summary: 'Print a stored backtest',
  usage: `ezhili risk backtests show ID [--json]

Prints the stored backtest as the table \`ezhili risk backtest\` printed (or its JSON, with the ROC
and lift curve points).`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    if (!positionals[0]) throw new CliUsageError('Name the backtest (its id).');
    return withAppContext(async (ctx) => {
      const result = await getRiskBacktest(ctx.db, positionals[0]!);
      process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : backtestReport(result));
      return 0;
    });
  },
};

export const riskBacktestExportCommand: CliCommand = {
  name: 'risk backtests export',
  summary: 'Write a backtest’s per-inspection scores as CSV or NDJSON',
  usage: `ezhili risk backtests export ID [--format csv|ndjson]

Writes every test inspection to stdout, highest model score first: recordKey, source, shopId,
shopExternalId, date, positive, score (full precision), baseline, rank.`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    if (!positionals[0]) throw new CliUsageError('Name the backtest (its id).');
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson') throw new CliUsageError('--format must be csv or ndjson.');
    return withAppContext(async (ctx) => {
      for await (const chunk of exportBacktestScores(ctx.db, positionals[0]!, format))
        process.stdout.write(chunk);
      return 0;
    });
  },
};

export const riskModelShowCommand: CliCommand = {
  name: 'risk model show',
  summary: 'Print the current risk model (or one version)',
  usage: `ezhili risk model show [--version N]

Prints the model as JSON: its version, indicators and features with weights, centres, scales
and levels, tiers, and how it was calibrated.`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    return withAppContext(async (ctx) => {
      const model = await getRiskModel(ctx.db, numberOption(values.version, 'version'));
      process.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
      return 0;
    });
  },
};

export const riskRunCommand: CliCommand = {
  name: 'risk run',
  summary: 'Score every shop with the current risk model',
  usage: `ezhili risk run [--as-of DATE] [--tasks] [--leads]

Scores every shop as of DATE (default today) and prints the run. --tasks makes inspection tasks
for the shops of the model's lead tier and above, for each shop's district bureau (at most
--tasks-per-unit, default 100, highest scores first; shops with an open task are skipped).
--leads sends those shops to their platforms as priority-check leads (a reason to review the
listing, never a confirmed violation; shops with an open lead are skipped).`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    return withAppContext(async (ctx) => {
      const run = await createRiskRun(
        ctx,
        {
          ...(values['as-of'] && { asOf: values['as-of'] }),
          createLeads: Boolean(values.leads),
          createTasks: Boolean(values.tasks),
          ...(values['tasks-per-unit'] !== undefined && {
            tasksPerUnit: numberOption(values['tasks-per-unit'], 'tasks-per-unit')!,
          }),
        },
        CLI_ACTOR,
      );
      process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      return 0;
    });
  },
};
