import type { Schema } from '@ezhili/contract';

export type RiskBacktestMetrics = Schema<'RiskBacktestMetrics'>;

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

/**
 * The ranking metrics of a backtest. The schedule is the inspections ranked by score (ties by
 * key); "days earlier" reorders the same daily slots (the sorted actual dates) by that ranking
 * and averages, over violation-finding inspections, how many days sooner they would have been
 * inspected (the City of Chicago's food-inspection evaluation).
 */
export function backtestMetrics(items: ScoredInspection[]): RiskBacktestMetrics {
  const ranked = [...items].sort((a, b) => b.score - a.score || a.key - b.key);
  const total = ranked.length;
  const positives = ranked.filter((i) => i.positive).length;
  const hitRate = (share: number) => {
    const top = Math.max(1, Math.ceil(total * share));
    return ranked.slice(0, top).filter((i) => i.positive).length / top;
  };
  const half = Math.floor(total / 2);
  const foundFirstHalf = ranked.slice(0, half).filter((i) => i.positive).length;
  const slots = items.map((i) => i.day).sort((a, b) => a - b);
  let gained = 0;
  ranked.forEach((item, index) => {
    if (item.positive) gained += item.day - slots[index]!;
  });
  return {
    auc: round(auc(items)),
    hitRateTop10: round(total ? hitRate(0.1) : 0),
    hitRateTop20: round(total ? hitRate(0.2) : 0),
    shareFoundFirstHalf: round(positives ? foundFirstHalf / positives : 0),
    meanDaysEarlier: round(positives ? gained / positives : 0, 2),
  };
}
