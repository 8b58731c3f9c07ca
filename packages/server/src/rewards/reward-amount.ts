import type { RewardRules } from './reward-profiles.js';

export interface RewardAmount {
  /** The level's percentage of the basis, rounded half up to the fen. */
  percentageFen: number;
  /** The rule's amount: the percentage, raised to the level's minimum, capped per case. */
  ruleAmountFen: number;
  /** What the committee may determine instead, with a written reason. */
  bounds: { minFen: number; maxFen: number };
}

export class UnknownRewardLevelError extends Error {}

// Multipliers are applied as integers in 1/10,000ths so amounts stay exact (no float fen).
const MULTIPLIER_SCALE = 10_000n;

/** Integer division of non-negative bigints, rounding half up. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The reward for one case under `rules`. `basisFen` is the fines and confiscations of the case.
 *
 * - percentage = basis × level percentage, rounded half up to a whole fen;
 * - rule amount = max(percentage, level minimum), then at most the per-case cap;
 * - bounds: from the level minimum (at most the cap) up to the rule amount, or for an internal
 *   whistleblower up to the rule amount before the cap × the internal multiplier, at most the cap.
 */
export function computeRewardAmount(
  rules: RewardRules,
  input: { level: number; basisFen: number; internalWhistleblower: boolean },
): RewardAmount {
  const level = rules.levels.find((candidate) => candidate.level === input.level);
  if (!level) throw new UnknownRewardLevelError(`The rule ${rules.id} has no level ${input.level}.`);
  if (!Number.isSafeInteger(input.basisFen) || input.basisFen < 0) {
    throw new RangeError('The basis must be a non-negative integer number of fen.');
  }
  const cap = BigInt(rules.perCaseCapFen);
  const minimum = BigInt(level.minimumFen);
  const percentage = divideHalfUp(BigInt(input.basisFen) * BigInt(level.percentBasisPoints), 10_000n);
  const standard = percentage > minimum ? percentage : minimum;
  const multiplier = input.internalWhistleblower
    ? BigInt(Math.round(rules.internalWhistleblowerMaxMultiplier * Number(MULTIPLIER_SCALE)))
    : MULTIPLIER_SCALE;
  const raised = divideHalfUp(standard * multiplier, MULTIPLIER_SCALE);
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  return {
    percentageFen: Number(percentage),
    ruleAmountFen: Number(min(standard, cap)),
    bounds: { minFen: Number(min(minimum, cap)), maxFen: Number(min(raised, cap)) },
  };
}
