import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

type Color = 'yellow' | 'red';

/** A rule that proposes a card when a scorecard rate falls below a threshold. */
export interface RateBelowRule {
  id: string;
  color: Color;
  kind: 'rate_below';
  metric: 'takeDownInTimeRate' | 'acknowledgedInTimeRate';
  threshold: number;
  /** Too few events say nothing: the rule applies from this many (take-downs or leads) on. */
  minSample: number;
  reason: string;
}

/** A rule that proposes a card after so many cards of a color in the period's quarter. */
export interface CardsInQuarterRule {
  id: string;
  color: Color;
  kind: 'cards_in_quarter';
  countColor: Color;
  atLeast: number;
  reason: string;
}

/** Events counted in the period that the scheme does not tolerate (e.g. relisting without approval). */
export type CountMetric = 'relistingBreaches';
const COUNT_METRICS: readonly CountMetric[] = ['relistingBreaches'];

/** A rule that proposes a card when a count of the period reaches a number. */
export interface CountAtLeastRule {
  id: string;
  color: Color;
  kind: 'count_at_least';
  metric: CountMetric;
  atLeast: number;
  reason: string;
}

export type CardRule = RateBelowRule | CardsInQuarterRule | CountAtLeastRule;

/** The value of a count metric in a scorecard's figures. */
export function countMetric(figures: { relisting: { breaches: number } }, metric: CountMetric): number {
  switch (metric) {
    case 'relistingBreaches':
      return figures.relisting.breaches;
  }
}

/**
 * The reference rules: yellow when fewer than 95 % of take-downs are in time, or fewer than 90 %
 * of leads are acknowledged in time, or when a taken-down shop was put online without an approved
 * relisting request; red after two yellows in a quarter. Replace them with
 * `PLATFORM_CARD_RULES` (a JSON array of rules of these shapes).
 */
export const DEFAULT_CARD_RULES: CardRule[] = [
  {
    id: 'takedown-timeliness',
    color: 'yellow',
    kind: 'rate_below',
    metric: 'takeDownInTimeRate',
    threshold: 0.95,
    minSample: 1,
    reason: 'Fewer than 95% of take-downs were within the deadline.',
  },
  {
    id: 'acknowledgement-timeliness',
    color: 'yellow',
    kind: 'rate_below',
    metric: 'acknowledgedInTimeRate',
    threshold: 0.9,
    minSample: 1,
    reason: 'Fewer than 90% of leads were acknowledged within the deadline.',
  },
  {
    id: 'relisting-without-approval',
    color: 'yellow',
    kind: 'count_at_least',
    metric: 'relistingBreaches',
    atLeast: 1,
    reason: 'A taken-down shop was put online again without an approved relisting request.',
  },
  {
    id: 'repeated-yellow',
    color: 'red',
    kind: 'cards_in_quarter',
    countColor: 'yellow',
    atLeast: 2,
    reason: 'Two or more yellow cards in the quarter.',
  },
];

/** The card rules of this deployment (`ctx.settings.of(CARD_RULES)`); a bad `PLATFORM_CARD_RULES` stops start-up. */
export const CARD_RULES = defineSettings('scorecards', (read): CardRule[] => {
  const raw = read.optionalString('PLATFORM_CARD_RULES');
  if (!raw) return DEFAULT_CARD_RULES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    read.fail('PLATFORM_CARD_RULES must be a JSON array of card rules');
    return DEFAULT_CARD_RULES;
  }
  if (!Array.isArray(parsed)) {
    read.fail('PLATFORM_CARD_RULES must be a JSON array of card rules');
    return DEFAULT_CARD_RULES;
  }
  const problems: string[] = [];
  parsed.forEach((rule: Record<string, unknown>, index) => {
    const where = `PLATFORM_CARD_RULES[${index}]`;
    if (typeof rule?.id !== 'string' || !rule.id) problems.push(`${where}.id must be a string`);
    if (rule?.color !== 'yellow' && rule?.color !== 'red')
      problems.push(`${where}.color must be yellow or red`);
    if (typeof rule?.reason !== 'string') problems.push(`${where}.reason must be a string`);
    if (rule?.kind === 'rate_below') {
      if (rule.metric !== 'takeDownInTimeRate' && rule.metric !== 'acknowledgedInTimeRate')
        problems.push(`${where}.metric must be takeDownInTimeRate or acknowledgedInTimeRate`);
      if (typeof rule.threshold !== 'number' || rule.threshold < 0 || rule.threshold > 1)
        problems.push(`${where}.threshold must be a number from 0 to 1`);
      if (!Number.isInteger(rule.minSample) || (rule.minSample as number) < 1)
        problems.push(`${where}.minSample must be a positive integer`);
    } else if (rule?.kind === 'cards_in_quarter') {
      if (rule.countColor !== 'yellow' && rule.countColor !== 'red')
        problems.push(`${where}.countColor must be yellow or red`);
      if (!Number.isInteger(rule.atLeast) || (rule.atLeast as number) < 1)
        problems.push(`${where}.atLeast must be a positive integer`);
    } else if (rule?.kind === 'count_at_least') {
      if (!COUNT_METRICS.includes(rule.metric as CountMetric))
        problems.push(`${where}.metric must be one of ${COUNT_METRICS.join(', ')}`);
      if (!Number.isInteger(rule.atLeast) || (rule.atLeast as number) < 1)
        problems.push(`${where}.atLeast must be a positive integer`);
    } else {
      problems.push(`${where}.kind must be rate_below, cards_in_quarter or count_at_least`);
    }
  });
  for (const problem of problems) read.fail(problem);
  return problems.length > 0 ? DEFAULT_CARD_RULES : (parsed as CardRule[]);
});

/** Reads the card rules on their own; throws a ConfigError listing every problem. */
export function readCardRules(env: Env): CardRule[] {
  return readSettings(CARD_RULES, { rawEnv: env });
}
