import type { Schema } from '@ezhili/contract';

export type RewardRules = Schema<'RewardRules'>;

const YUAN = 100;

/** Eligibility conditions both shipped profiles cite; the handler and the committee check them. */
const COMMON_CONDITIONS: RewardRules['eligibility']['conditions'] = [
  {
    code: 'first_report',
    description:
      'The tip was the first to report this violation to the regulator (duplicates merged into it are not rewarded).',
  },
  {
    code: 'facts_confirmed',
    description: 'The reported facts were essentially true and led the regulator to find the violation.',
  },
  {
    code: 'not_duty_bound',
    description:
      'The reporter is not an official of the regulator or another body with a duty to report this violation.',
  },
  {
    code: 'not_instigator',
    description: 'The reporter did not instigate or organise the violation they report.',
  },
];

/**
 * SAMR 2021: 《市场监督管理领域重大违法行为举报奖励暂行办法》 (国市监稽规〔2021〕4号), art. 14–16.
 * Level 1: 5% of fines and confiscations, at least 5,000 yuan; level 2: 3%, at least 3,000;
 * level 3: 1%, at least 1,000; at most 1,000,000 yuan per case; internal whistleblowers up to 2×.
 */
export const SAMR_2021: RewardRules = {
  id: 'samr-2021',
  name: 'SAMR 2021 — major violations in market supervision',
  source:
    '市场监督管理领域重大违法行为举报奖励暂行办法 (State Administration for Market Regulation and Ministry of Finance, 2021), art. 14–16',
  currency: 'CNY',
  levels: [
    {
      level: 1,
      description:
        'Names the violator and gives the key evidence of the violation; the violation is fully confirmed.',
      percentBasisPoints: 500,
      minimumFen: 5_000 * YUAN,
    },
    {
      level: 2,
      description: 'Names the violator and gives evidence of the violation; the violation is confirmed.',
      percentBasisPoints: 300,
      minimumFen: 3_000 * YUAN,
    },
    {
      level: 3,
      description: 'Names the violator and gives clues to the violation; the violation is confirmed.',
      percentBasisPoints: 100,
      minimumFen: 1_000 * YUAN,
    },
  ],
  perCaseCapFen: 1_000_000 * YUAN,
  internalWhistleblowerMaxMultiplier: 2,
  rounding: 'half_up_to_fen',
  claimWindowWorkingDays: 30,
  determinationWorkingDays: 30,
  eligibility: { outcomes: ['violation_confirmed'], conditions: COMMON_CONDITIONS },
};

/**
 * Fuzhou 2019 online catering: the Fuzhou Market Supervision Administration's reward rule for
 * the online-catering e-governance scheme (issued with the city finance bureau), which raised the
 * per-case limits for food-service workers and capped a case at 500,000 yuan. The levels mirror
 * SAMR's; a deployment that follows the local text to the letter ships its own profile file.
 */
export const FUZHOU_2019_ONLINE_CATERING: RewardRules = {
  ...SAMR_2021,
  id: 'fuzhou-2019-online-catering',
  name: 'Fuzhou 2019 — online catering e-governance',
  source:
    '福州市网络餐饮“e治理”举报奖励办法 (Fuzhou Market Supervision Administration with the Fuzhou Finance Bureau, 2019)',
  perCaseCapFen: 500_000 * YUAN,
};

/** The profiles shipped with the server, by id (`REWARD_PROFILE`). */
export const SHIPPED_REWARD_PROFILES: Readonly<Record<string, RewardRules>> = {
  [SAMR_2021.id]: SAMR_2021,
  [FUZHOU_2019_ONLINE_CATERING.id]: FUZHOU_2019_ONLINE_CATERING,
};
