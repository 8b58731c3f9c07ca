import type { Schema } from '@ezhili/contract';

export type RiskBacktestMetrics = Schema<'RiskBacktestMetrics'>;
export type RiskCurvePoint = Schema<'RiskCurvePoint'>;

export interface ScoredInspection {
  /** Higher means riskier. */
  score: number;
  positive: boolean;
  /** The day the inspection actually took place (days since 1970-01-01). */
  day: number;
  /** Breaks score ties deterministically. */
  key: number;
}

/** Area under the ROC curve by ranks; tied scores count one half. */
export function auc(items: ScoredInspection[]): number {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.positive) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Mean days sooner that violation-finding inspections are reached when the slots are reordered. */
export function meanDaysEarlier(items: ScoredInspection[]): number {
  const ranked = [...items].sort((a, b) => b.score - a.score || a.key - b.key);
  const slots = items.map((i) => i.day).sort((a, b) => a - b);
  let gained = 0;
  let positives = 0;
  ranked.forEach((item, index) => {
    if (item.positive) {
      gained += item.day - slots[index]!;
      positives += 1;
    }
  });
  return positives ? gained / positives : 0;
}

const CURVE_POINTS = 50;

/**
 * The ROC curve (false and true positive rates as the threshold falls; tied scores move
 * together) and the cumulative gains ("lift") curve (share of violations found in the top share
 * of the ranked schedule), each thinned to about 50 points plus the ends.
 */
export function curves(items: ScoredInspection[]): { roc: RiskCurvePoint[]; lift: RiskCurvePoint[] } {
  const ranked = [...items].sort((a, b) => b.score - a.score || a.key - b.key);
  const total = ranked.length;
  const positives = ranked.filter((i) => i.positive).length;
  const negatives = total - positives;
  const roc: RiskCurvePoint[] = [{ x: 0, y: 0 }];
  let tp = 0;
  let fp = 0;
  const step = Math.max(1, Math.floor(total / CURVE_POINTS));
  let lastEmitted = 0;
  for (let i = 0; i < total; ) {
    let j = i;
    while (j < total && ranked[j]!.score === ranked[i]!.score) {
      if (ranked[j]!.positive) tp += 1;
      else fp += 1;
      j++;
    }
    if (j - lastEmitted >= step || j === total) {
      roc.push({ x: round(negatives ? fp / negatives : 0), y: round(positives ? tp / positives : 0) });
      lastEmitted = j;
    }
    i = j;
  }
  const lift: RiskCurvePoint[] = [{ x: 0, y: 0 }];
  let found = 0;
  for (let i = 0, next = 1; i < total; i++) {
    if (ranked[i]!.positive) found += 1;
    if (i + 1 >= Math.ceil((next * total) / 20)) {
      lift.push({ x: round((i + 1) / total), y: round(positives ? found / positives : 0) });
      next += 1;
    }
  }
  return { roc, lift };
}

/** A seeded generator (mulberry32): the bootstrap gives the same intervals on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapIntervals {
  auc: [number, number];
  daysEarlier: [number, number];
}

/**
 * 95% percentile bootstrap intervals of AUC and days earlier for several rankings of the same
 * rows, resampling the rows (with replacement) the same way for each, so that intervals of the
 * difference between two rankings (`gain`) are paired. Yields to the event loop between
 * resamples: one resample is a sort of the test rows, a few milliseconds.
 */
export async function bootstrapIntervals(
  rankings: ScoredInspection[][],
  resamples: number,
  seed = 17,
): Promise<{ each: BootstrapIntervals[]; gainOverSecond: BootstrapIntervals[] }> {
  const n = rankings[0]?.length ?? 0;
  const random = seededRandom(seed);
  const aucs = rankings.map(() => [] as number[]);
  const days = rankings.map(() => [] as number[]);
  for (let b = 0; b < resamples && n > 0; b++) {
    const picks = Array.from({ length: n }, () => Math.floor(random() * n));
    rankings.forEach((items, r) => {
      // Each copy keeps its own key, so duplicated rows are ranked (and tied) consistently.
      const sample = picks.map((index, k) => ({ ...items[index]!, key: k }));
      aucs[r]!.push(auc(sample));
      days[r]!.push(meanDaysEarlier(sample));
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const interval = (values: number[], digits: number): [number, number] => {
    if (values.length === 0) return [0, 0];
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
    return [round(at(0.025), digits), round(at(0.975), digits)];
  };
  const each = rankings.map((_, r) => ({ auc: interval(aucs[r]!, 4), daysEarlier: interval(days[r]!, 2) }));
  const gainOverSecond = rankings.map((_, r) => ({
    auc: interval(
      aucs[r]!.map((v, b) => v - aucs[1]![b]!),
      4,
    ),
    daysEarlier: interval(
      days[r]!.map((v, b) => v - days[1]![b]!),
      2,
    ),
  }));
  return { each, gainOverSecond };
}

/**
 * The ranking metrics of a backtest. The schedule is the inspections ranked by score (ties by
 * key); "days earlier" reorders the same daily slots (the sorted actual dates) by that ranking
 * and averages, over violation-finding inspections, how many days sooner they would have been
 * inspected (the City of Chicago's food-inspection evaluation).
 */
export function backtestMetrics(
  items: ScoredInspection[],
): Omit<RiskBacktestMetrics, 'aucCi' | 'daysEarlierCi' | 'roc' | 'lift'> {
  const ranked = [...items].sort((a, b) => b.score - a.score || a.key - b.key);
  const total = ranked.length;
  const positives = ranked.filter((i) => i.positive).length;
  const hitRate = (share: number) => {
    const top = Math.max(1, Math.ceil(total * share));
    return ranked.slice(0, top).filter((i) => i.positive).length / top;
  };
  const half = Math.floor(total / 2);
  const foundFirstHalf = ranked.slice(0, half).filter((i) => i.positive).length;
  return {
    auc: round(auc(items)),
    hitRateTop10: round(total ? hitRate(0.1) : 0),
    hitRateTop20: round(total ? hitRate(0.2) : 0),
    shareFoundFirstHalf: round(positives ? foundFirstHalf / positives : 0),
    meanDaysEarlier: round(meanDaysEarlier(items), 2),
  };
}
