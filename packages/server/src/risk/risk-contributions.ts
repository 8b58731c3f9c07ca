import { categoryContribution, isCategory } from './risk-features.js';
import type { NormalisedIndicator, NormalisedModel } from './risk-model.js';

/**
 * The transforms of risk-sql.ts in JavaScript, for explaining a stored score: a run stores each
 * indicator's raw value only (writing contributions too would double the cost of a run), and the
 * contributions are derived here when a score is read. risk-routes.test.ts checks that they add
 * up to the score SQLite computed.
 */
function transform(indicator: NormalisedIndicator, x: number): number {
  switch (indicator.transform) {
    case 'log1p':
      return Math.log1p(Math.max(x, 0));
    case 'sqrt':
      return Math.sqrt(Math.max(x, 0));
    case 'binary':
      return x > 0 ? 1 : 0;
    case 'cap':
      return Math.min(x, indicator.cap!);
    default:
      return x;
  }
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export interface Contribution {
  indicator: string;
  value: number;
  contribution: number;
  /** For a category feature: the levels the shop has (`(other)` for any value not a level). */
  levels?: string[];
}

/** One indicator's log-odds contribution from its stored value (a category's level code). */
export function contributionOf(ind: NormalisedIndicator, value: number): Contribution {
  if (isCategory(ind.feature)) {
    const { weight, present } = categoryContribution(
      ind.feature!,
      ind.levels ?? [],
      ind.otherWeight ?? 0,
      value,
    );
    return {
      indicator: ind.name,
      value,
      contribution: round(ind.weight * (weight - ind.center)),
      levels: present,
    };
  }
  return {
    indicator: ind.name,
    value,
    contribution: round((ind.weight * (transform(ind, value) - ind.center)) / ind.scale),
  };
}

/** Each indicator's raw value and log-odds contribution, largest contribution first. */
export function contributions(model: NormalisedModel, values: number[]): Contribution[] {
  return model.indicators
    .map((ind, i) => contributionOf(ind, values[i] ?? 0))
    .sort((a, b) => b.contribution - a.contribution);
}
