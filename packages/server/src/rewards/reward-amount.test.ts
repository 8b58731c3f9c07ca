import { describe, expect, it } from 'vitest';
import { computeRewardAmount, UnknownRewardLevelError } from './reward-amount.js';
import { FUZHOU_2019_ONLINE_CATERING, SAMR_2021 } from './reward-profiles.js';

const YUAN = 100;

describe('reward amounts (SAMR 2021)', () => {
  // [level, basis in fen, percentage, rule amount] at the minimum, just above it, and at the cap.
  const cases: Array<[number, number, number, number]> = [
    // level 1: 5%, min 5,000 yuan; the percentage reaches the minimum at a basis of 100,000 yuan.
    [1, 0, 0, 5_000 * YUAN],
    [1, 9_999_980, 499_999, 5_000 * YUAN],
    [1, 10_000_000, 500_000, 500_000],
    [1, 10_000_020, 500_001, 500_001],
    [1, 1_999_999_980, 99_999_999, 99_999_999],
    [1, 2_000_000_000, 100_000_000, 1_000_000 * YUAN],
    [1, 2_000_000_020, 100_000_001, 1_000_000 * YUAN],
    // level 2: 3%, min 3,000 yuan.
    [2, 9_999_967, 299_999, 3_000 * YUAN],
    [2, 10_000_034, 300_001, 300_001],
    [2, 3_333_333_300, 99_999_999, 99_999_999],
    [2, 3_333_333_334, 100_000_000, 1_000_000 * YUAN],
    [2, 3_333_333_367, 100_000_001, 1_000_000 * YUAN],
    // level 3: 1%, min 1,000 yuan.
    [3, 9_999_900, 99_999, 1_000 * YUAN],
    [3, 10_000_100, 100_001, 100_001],
    [3, 9_999_999_900, 99_999_999, 99_999_999],
    [3, 10_000_000_100, 100_000_001, 1_000_000 * YUAN],
  ];
  it.each(cases)('level %i on a basis of %i fen', (level, basisFen, percentageFen, ruleAmountFen) => {
    const amount = computeRewardAmount(SAMR_2021, { level, basisFen, internalWhistleblower: false });
    expect(amount.percentageFen).toBe(percentageFen);
    expect(amount.ruleAmountFen).toBe(ruleAmountFen);
    // Outside the internal multiplier, the committee may only go down to the level minimum.
    expect(amount.bounds.maxFen).toBe(ruleAmountFen);
    expect(amount.bounds.minFen).toBe(SAMR_2021.levels[level - 1]!.minimumFen);
  });

  it('rounds the percentage half up to the fen', () => {
    const at = (basisFen: number) =>
      computeRewardAmount(SAMR_2021, { level: 1, basisFen, internalWhistleblower: false }).percentageFen;
    expect(at(9)).toBe(0); // 0.45 fen
    expect(at(10)).toBe(1); // 0.5 fen
    expect(at(29)).toBe(1); // 1.45 fen
    expect(at(30)).toBe(2); // 1.5 fen
  });

  it('lets an internal whistleblower be raised up to twice, never past the cap', () => {
    const internal = (level: number, basisFen: number) =>
      computeRewardAmount(SAMR_2021, { level, basisFen, internalWhistleblower: true });
    // The minimum doubles: 5,000 → up to 10,000 yuan.
    expect(internal(1, 0)).toMatchObject({
      ruleAmountFen: 500_000,
      bounds: { minFen: 500_000, maxFen: 1_000_000 },
    });
    expect(internal(3, 20_000_000)).toMatchObject({
      ruleAmountFen: 200_000,
      bounds: { minFen: 100_000, maxFen: 400_000 },
    });
    // 2× just under the cap, and 2× that would pass it.
    expect(internal(1, 999_999_980).bounds.maxFen).toBe(99_999_998);
    expect(internal(1, 1_000_000_000).bounds.maxFen).toBe(100_000_000);
    expect(internal(1, 1_500_000_000)).toMatchObject({
      ruleAmountFen: 75_000_000,
      bounds: { maxFen: 1_000_000 * YUAN },
    });
  });

  it('applies a fractional multiplier exactly', () => {
    const rules = { ...SAMR_2021, internalWhistleblowerMaxMultiplier: 1.5 };
    expect(
      computeRewardAmount(rules, { level: 1, basisFen: 10_000_020, internalWhistleblower: true }).bounds
        .maxFen,
    ).toBe(750_002); // 500,001 × 1.5 = 750,001.5 → half up
  });

  it('refuses an unknown level and a bad basis', () => {
    expect(() =>
      computeRewardAmount(SAMR_2021, { level: 4, basisFen: 0, internalWhistleblower: false }),
    ).toThrow(UnknownRewardLevelError);
    expect(() =>
      computeRewardAmount(SAMR_2021, { level: 1, basisFen: -1, internalWhistleblower: false }),
    ).toThrow(RangeError);
    expect(() =>
      computeRewardAmount(SAMR_2021, { level: 1, basisFen: 0.5, internalWhistleblower: false }),
    ).toThrow(RangeError);
  });
});

describe('reward amounts (Fuzhou 2019 online catering)', () => {
  it('caps a case at 500,000 yuan, the internal multiplier included', () => {
    const rules = FUZHOU_2019_ONLINE_CATERING;
    expect(rules.perCaseCapFen).toBe(500_000 * YUAN);
    const at = (basisFen: number, internalWhistleblower = false) =>
      computeRewardAmount(rules, { level: 1, basisFen, internalWhistleblower });
    expect(at(999_999_980).ruleAmountFen).toBe(49_999_999);
    expect(at(1_000_000_000).ruleAmountFen).toBe(50_000_000);
    expect(at(1_000_000_020).ruleAmountFen).toBe(50_000_000);
    expect(at(600_000_000, true)).toMatchObject({
      ruleAmountFen: 30_000_000,
      bounds: { maxFen: 50_000_000 },
    });
    expect(at(0).ruleAmountFen).toBe(5_000 * YUAN);
  });

  it('keeps the minimum under a cap lower than it', () => {
    const rules = { ...SAMR_2021, perCaseCapFen: 200_000 };
    expect(computeRewardAmount(rules, { level: 1, basisFen: 0, internalWhistleblower: true })).toMatchObject({
      ruleAmountFen: 200_000,
      bounds: { minFen: 200_000, maxFen: 200_000 },
    });
  });
});
