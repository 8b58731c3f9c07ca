import { describe, expect, it } from 'vitest';
import { auc, backtestMetrics, type ScoredInspection } from './backtest-metrics.js';
import { fitLogistic } from './logistic-regression.js';

const item = (score: number, positive: boolean, day = 0, key = 0): ScoredInspection => ({
  score,
  positive,
  day,
  key,
});

describe('backtest metrics', () => {
  it('computes AUC by ranks, ties counting one half', () => {
    expect(auc([item(3, true), item(2, true), item(1, false)])).toBe(1);
    expect(auc([item(1, true), item(2, false)])).toBe(0);
    expect(auc([item(1, true), item(1, false)])).toBe(0.5);
    // positives 0.8 and 0.4; negatives 0.6 and 0.2: 3 of 4 pairs ordered.
    expect(auc([item(0.8, true), item(0.4, true), item(0.6, false), item(0.2, false)])).toBe(0.75);
  });

  it('reorders the same daily slots by score for the days-earlier metric', () => {
    // Slots on days 1..4; the one violation happened on day 4 but ranks first: 3 days earlier.
    const items = [
      item(0.1, false, 1, 1),
      item(0.2, false, 2, 2),
      item(0.3, false, 3, 3),
      item(0.9, true, 4, 4),
    ];
    const m = backtestMetrics(items);
    expect(m.meanDaysEarlier).toBe(3);
    expect(m.hitRateTop20).toBe(1);
    expect(m.shareFoundFirstHalf).toBe(1);
    expect(m.auc).toBe(1);
  });
});

describe('logistic regression', () => {
  it('recovers known coefficients from generated data, deterministically', () => {
    // mulberry32: a small seeded generator, so the data (and the fit) are the same every run.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = Float64Array.of(random() * 4 - 2, random() * 4 - 2);
      const p = 1 / (1 + Math.exp(-(-0.5 + 1.5 * x[0]! - 0.8 * x[1]!)));
      rows.push(x);
      labels.push(random() < p ? 1 : 0);
    }
    const fit = fitLogistic(rows, Uint8Array.from(labels), 0);
    expect(fit.intercept).toBeCloseTo(-0.5, 1);
    expect(fit.weights[0]).toBeCloseTo(1.5, 1);
    expect(fit.weights[1]).toBeCloseTo(-0.8, 1);
    expect(fitLogistic(rows, Uint8Array.from(labels), 0)).toEqual(fit);
    // The L2 penalty shrinks the weights towards zero.
    const shrunk = fitLogistic(rows, Uint8Array.from(labels), 20_000);
    expect(Math.abs(shrunk.weights[0]!)).toBeLessThan(Math.abs(fit.weights[0]!));
  });
});
