import type { AppContext } from '../http/app-context.js';
import { createReporterService } from '../identity/reporter-service.js';
import { createPayoutService, type PayoutService } from '../payouts/payout-service.js';
import { createPayoutApprovals } from './approve-payout.js';
import { createRewardClaims } from './claim-reward.js';
import { createRewardDeterminations } from './determine-reward.js';
import { createRewardProposals } from './propose-reward.js';
import type { RewardContext } from './reward-context.js';
import { createRewardQueries } from './reward-queries.js';
import { REWARD_SETTINGS, type RewardSettings } from './reward-settings.js';

/**
 * The reward workflow: claim (reporter) → proposal (case handler) → determination (reward
 * committee) → payout approval (finance) → payout (payout module). One use-case file a step
 * (claim-reward, propose-reward, determine-reward, approve-payout, reward-queries); each checks
 * the caller's role and the claim's state inside its write transaction and commits with its
 * audit event, so a refused step writes nothing, with or without HTTP. Staff only ever see the
 * identity code, level and amounts.
 */
export function createRewardService(
  ctx: AppContext,
  options: { settings?: RewardSettings; payouts?: PayoutService } = {},
) {
  const rc: RewardContext = {
    ctx,
    settings: options.settings ?? ctx.settings.of(REWARD_SETTINGS),
    payouts: options.payouts ?? createPayoutService(ctx),
    reporters: createReporterService(ctx),
  };
  return {
    settings: rc.settings,
    ...createRewardClaims(rc),
    ...createRewardProposals(rc),
    ...createRewardDeterminations(rc),
    ...createPayoutApprovals(rc),
    ...createRewardQueries(rc),
  };
}

export type RewardService = ReturnType<typeof createRewardService>;
